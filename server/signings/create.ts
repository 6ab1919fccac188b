import { createHash, randomUUID } from 'node:crypto';
import { toCny } from '../../shared/currency.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import type { Actor } from '../store/types.js';

/** A stable hash of what was asked, independent of key order and of the idempotency key. */
export function requestHash(input: SigningInput): string {
  const canonical = JSON.stringify(Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(canonical).digest('hex');
}

/** The signing a valid request stands for, converted to yuan at the configured rate. */
export function newSigning(input: SigningInput, event: EventConfig, actor: Actor, now: Date): Signing {
  const conversion = toCny(input.amount, input.currency, event);
  // The schema admits only configured currencies, so a conversion always exists here.
  if (!conversion) throw new Error(`no rate for ${input.currency}`);
  const at = now.toISOString();
  return {
    id: randomUUID(),
    title: input.title,
    investor: input.investor,
    investorCountry: input.investorCountry,
    partner: input.partner,
    amount: input.amount,
    currency: input.currency,
    amountCny: conversion.amountCny,
    rate: conversion.rate,
    sector: input.sector,
    venueId: input.venueId,
    areaId: input.areaId,
    signedAt: input.signedAt ? new Date(input.signedAt).toISOString() : at,
    status: event.requireVerification ? 'draft' : 'published',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.name,
  };
}
