import { createHash, randomUUID } from 'node:crypto';
import { toCny } from '../../shared/currency.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import { amountHold, type CountedStats } from '../../shared/signing-limits.js';
import type { Actor } from '../auth/actor.js';

/**
 * Idempotency keys belong to their caller: the same key from another user or token is another
 * request. Imports derive theirs from the file (`import:`), a namespace no caller can reach.
 */
export function callerKey(actor: Pick<Actor, 'kind' | 'id'>, key: string): string {
  return `caller:${actor.kind}:${actor.id}:${key}`;
}

/** A stable hash of what was asked, independent of key order and of the idempotency key. */
export function requestHash(input: SigningInput): string {
  const canonical = JSON.stringify(Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The signing a valid request stands for, converted to yuan at the configured rate. An amount
 * outside the event's limits is held for review; otherwise it waits for verification when
 * the event asks for it, or counts at once.
 */
export function newSigning(input: SigningInput, event: EventConfig, actor: Actor, now: Date, counted: CountedStats): Signing {
  const conversion = toCny(input.amount, input.currency, event);
  // The schema admits only configured currencies, so a conversion always exists here.
  if (!conversion) throw new Error(`no rate for ${input.currency}`);
  const at = now.toISOString();
  const hold = amountHold(conversion.amountCny, event.limits, counted);
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
    status: hold ? 'held' : event.requireVerification ? 'draft' : 'published',
    ...(hold ? { hold } : {}),
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actor.name,
  };
}
