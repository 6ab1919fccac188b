import { toCny } from '../../shared/currency.js';
import type { EventConfig } from '../../shared/event-config.js';
import { can } from '../../shared/roles.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import type { Actor } from '../store/types.js';

/** The fields a person entered, as the input schema knows them. */
export function inputOf(s: Signing): SigningInput {
  return {
    title: s.title,
    investor: s.investor,
    investorCountry: s.investorCountry,
    partner: s.partner,
    amount: s.amount,
    currency: s.currency,
    sector: s.sector,
    venueId: s.venueId,
    areaId: s.areaId,
    signedAt: s.signedAt,
  };
}

/**
 * Staff correct only what they entered; organizers and admins correct anything. "Own" is
 * for people: a token is shared by a desk or a device, so it stands for no one in particular.
 */
export function mayEdit(actor: Pick<Actor, 'role' | 'name' | 'kind'>, signing: Pick<Signing, 'createdBy'>): boolean {
  if (can(actor.role, 'signing:edit-any')) return true;
  return actor.kind === 'user' && can(actor.role, 'signing:edit-own') && signing.createdBy === actor.name;
}

/** Verification needs a second person: never the one who entered the signing. */
export function mayVerify(actor: Pick<Actor, 'role' | 'name'>, signing: Pick<Signing, 'createdBy' | 'status'>): string | null {
  if (!can(actor.role, 'signing:verify')) return 'your role may not verify signings';
  if (signing.status !== 'draft') return `the signing is ${signing.status}, not a draft`;
  if (signing.createdBy === actor.name) return 'a second person must verify: you entered this signing';
  return null;
}

/**
 * The next version after an edit. The stored rate is kept unless the amount or currency
 * changed, so that a typo fix in the title does not move the totals with today's rates.
 */
export function editedSigning(current: Signing, input: SigningInput, event: EventConfig, now: Date): Signing {
  const moneyChanged = input.amount !== current.amount || input.currency !== current.currency;
  const conversion = moneyChanged ? toCny(input.amount, input.currency, event) : { amountCny: current.amountCny, rate: current.rate };
  // The schema admits only configured currencies, so a conversion always exists here.
  if (!conversion) throw new Error(`no rate for ${input.currency}`);
  return {
    ...current,
    ...input,
    signedAt: input.signedAt ? new Date(input.signedAt).toISOString() : current.signedAt,
    amountCny: conversion.amountCny,
    rate: conversion.rate,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}
