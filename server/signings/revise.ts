import { toCny } from '../../shared/currency.js';
import type { EventConfig } from '../../shared/event-config.js';
import { can } from '../../shared/roles.js';
import type { Signing, SigningInput, SigningStatus } from '../../shared/signing.js';
import { amountHold, type CountedStats, type Hold } from '../../shared/signing-limits.js';
import type { Actor } from '../auth/actor.js';

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

/** Minutes after entering a signing in which its author may void it, unless the event says otherwise. */
export const DEFAULT_STAFF_VOID_MINUTES = 30;

/**
 * Organizers and admins void any signing. Staff void only what they entered themselves (a
 * person, not a shared token), within the event's window from entering it: a duplicate is
 * caught within minutes, and an older signing may already be on the walls and in reports.
 */
export function mayVoid(
  actor: Pick<Actor, 'role' | 'name' | 'kind'>,
  signing: Pick<Signing, 'createdBy' | 'createdAt'>,
  event: Pick<EventConfig, 'staffVoidMinutes'>,
  now: Date,
): string | null {
  if (can(actor.role, 'signing:void')) return null;
  if (actor.kind !== 'user' || !can(actor.role, 'signing:void-own') || signing.createdBy !== actor.name) {
    return 'staff may void only the signings they entered';
  }
  const minutes = event.staffVoidMinutes ?? DEFAULT_STAFF_VOID_MINUTES;
  if (now.getTime() - Date.parse(signing.createdAt) > minutes * 60_000) {
    return `staff may void their own signings within ${minutes} minutes of entering them: ask an organizer`;
  }
  return null;
}

/**
 * Verification (of a draft) and release (of a held signing) need a second person: never the
 * one who entered the signing.
 */
export function mayConfirm(
  actor: Pick<Actor, 'role' | 'name'>,
  signing: Pick<Signing, 'createdBy' | 'status'>,
  expected: 'draft' | 'held',
): string | null {
  if (!can(actor.role, 'signing:verify')) return `your role may not ${expected === 'draft' ? 'verify' : 'release'} signings`;
  if (signing.status !== expected) return `the signing is ${signing.status}, not ${expected === 'draft' ? 'a draft' : 'held'}`;
  if (signing.createdBy === actor.name) return `a second person must ${expected === 'draft' ? 'verify' : 'release'}: you entered this signing`;
  return null;
}

export function mayVerify(actor: Pick<Actor, 'role' | 'name'>, signing: Pick<Signing, 'createdBy' | 'status'>): string | null {
  return mayConfirm(actor, signing, 'draft');
}

/**
 * The status after an edit. A new amount outside the limits is held; a held signing counts
 * again only once its amount is corrected. With verification on, an edit by someone who may
 * not edit any signing sends it back to draft, out of the totals until verified again.
 */
export function statusAfterEdit(
  current: Pick<Signing, 'status' | 'hold'>,
  next: { amountCny: number; moneyChanged: boolean },
  actor: Pick<Actor, 'role'>,
  event: Pick<EventConfig, 'limits' | 'requireVerification'>,
  counted: CountedStats,
): { status: SigningStatus; hold?: Hold } {
  const hold = next.moneyChanged ? amountHold(next.amountCny, event.limits, counted) : null;
  if (hold) return { status: 'held', hold };
  if (current.status === 'held' && !next.moneyChanged) return { status: 'held', ...(current.hold ? { hold: current.hold } : {}) };
  const needsSecondPerson = event.requireVerification && !can(actor.role, 'signing:edit-any');
  if (current.status === 'held' || current.status === 'published') return { status: needsSecondPerson ? 'draft' : 'published' };
  return { status: current.status };
}

/**
 * The next version after an edit. The stored rate is kept unless the amount or currency
 * changed, so that a typo fix in the title does not move the totals with today's rates.
 */
export function editedSigning(
  current: Signing,
  input: SigningInput,
  event: EventConfig,
  now: Date,
  review: { actor: Pick<Actor, 'role'>; counted: CountedStats },
): Signing {
  const moneyChanged = input.amount !== current.amount || input.currency !== current.currency;
  const conversion = moneyChanged ? toCny(input.amount, input.currency, event) : { amountCny: current.amountCny, rate: current.rate };
  // The schema admits only configured currencies, so a conversion always exists here.
  if (!conversion) throw new Error(`no rate for ${input.currency}`);
  const { hold: _previousHold, ...rest } = current;
  const status = statusAfterEdit(current, { amountCny: conversion.amountCny, moneyChanged }, review.actor, event, review.counted);
  return {
    ...rest,
    ...input,
    ...status,
    signedAt: input.signedAt ? new Date(input.signedAt).toISOString() : current.signedAt,
    amountCny: conversion.amountCny,
    rate: conversion.rate,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}
