import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { EventConfig } from '../../shared/event-config.js';
import { fieldsOf, HttpError } from '../http/errors.js';
import type { Actor, CountItem, ScanItem } from '../store/types.js';
import { clockProblem, type HourKeys } from './clock.js';
import { countSchemaFor, isCounter, MAX_BATCH_ITEMS, scanSchema, type CountReport, type ScanReport } from './schemas.js';

export interface Rejection {
  index: number;
  field: string;
  error: string;
}

/** One report or `{ [listKey]: [...] }`; each item checked, every bad field named with its index. */
export function parseBatch<T>(body: unknown, listKey: string, schemaFor: (item: unknown) => z.ZodType<T>): T[] {
  const wrapped = typeof body === 'object' && body !== null && listKey in body;
  const items: unknown = wrapped ? (body as Record<string, unknown>)[listKey] : [body];
  if (!Array.isArray(items)) throw new HttpError('invalid_request', `${listKey} must be an array`, { [listKey]: 'must be an array' });
  if (items.length > MAX_BATCH_ITEMS) {
    throw new HttpError('invalid_request', `at most ${MAX_BATCH_ITEMS} items per request`, { [listKey]: `at most ${MAX_BATCH_ITEMS} items` });
  }
  if (wrapped && Object.keys(body as object).length > 1) {
    throw new HttpError('invalid_request', 'unknown fields next to the list', { body: `only "${listKey}" is allowed` });
  }
  const parsed: T[] = [];
  const fields: Record<string, string> = {};
  items.forEach((item, index) => {
    const result = schemaFor(item).safeParse(item);
    if (result.success) parsed.push(result.data);
    else for (const [path, message] of Object.entries(fieldsOf(result.error))) fields[wrapped ? `${listKey}.${index}.${path}` : path] ??= message;
  });
  if (Object.keys(fields).length > 0) throw new HttpError('invalid_request', 'invalid attendance report', fields);
  return parsed;
}

export const parseCounts = (body: unknown) => parseBatch<CountReport>(body, 'counts', countSchemaFor);
export const parseScans = (body: unknown) => parseBatch<ScanReport>(body, 'scans', () => scanSchema);

/** The gates an actor may report for: a device token's listed gates, or all gates of its venue. */
export function reportableGates(actor: Actor, event: EventConfig): Set<string> {
  const scope = actor.scope ?? {};
  if (scope.gateIds) return new Set(scope.gateIds);
  const venue = event.venues.find((v) => v.id === scope.venueId);
  return new Set(venue ? venue.gates.map((g) => g.id) : []);
}

/** Venue of each gate; an unknown gate is a 422 and a gate outside the token's scope a 403, for the whole request. */
export function checkGates(gateIds: Iterable<string>, event: EventConfig, allowed: Set<string>): Map<string, string> {
  const venueOf = new Map(event.venues.flatMap((v) => v.gates.map((g) => [g.id, v.id] as const)));
  for (const gateId of new Set(gateIds)) {
    if (!venueOf.has(gateId)) throw new HttpError('unknown_gate', `unknown gate "${gateId}"`, { gateId: `unknown gate "${gateId}"` });
    if (!allowed.has(gateId)) throw new HttpError('forbidden', `this token may not report for gate "${gateId}"`, { gateId: 'outside the token scope' });
  }
  return venueOf;
}

export interface Prepared<T> {
  items: T[];
  rejected: Rejection[];
}

export function prepareCounts(reports: CountReport[], venueOf: Map<string, string>, hours: HourKeys, nowMs: number): Prepared<CountItem> {
  const items: CountItem[] = [];
  const rejected: Rejection[] = [];
  reports.forEach((r, index) => {
    const base = { index, gateId: r.gateId, venueId: venueOf.get(r.gateId)!, batchId: r.batchId };
    if (isCounter(r)) {
      const atMs = Date.parse(r.at);
      const problem = clockProblem(atMs, nowMs);
      if (problem) return rejected.push({ index, field: 'at', error: problem });
      items.push({ ...base, kind: 'counter', atMs, hour: hours.of(atMs), entriesTotal: r.entriesTotal, exitsTotal: r.exitsTotal });
    } else {
      const fromMs = Date.parse(r.from);
      const toMs = Date.parse(r.to);
      const problem = clockProblem(toMs, nowMs);
      if (problem) return rejected.push({ index, field: 'to', error: problem });
      // An interval counts in the hour holding its middle: a 09:59-10:01 report is as much 10 as 09.
      items.push({ ...base, kind: 'interval', hour: hours.of((fromMs + toMs) / 2), entries: r.entries, exits: r.exits });
    }
  });
  return { items, rejected };
}

/** A keyed hash: badge ids identify people, and without the key a hash cannot be matched to a guessed id. */
export function badgeHasher(key: Buffer): (badgeId: string) => Buffer {
  return (badgeId) => createHmac('sha256', key).update(badgeId).digest().subarray(0, 16);
}

export function prepareScans(
  reports: ScanReport[],
  venueOf: Map<string, string>,
  hours: HourKeys,
  hashBadge: (badgeId: string) => Buffer,
  nowMs: number,
): Prepared<ScanItem> {
  const items: ScanItem[] = [];
  const rejected: Rejection[] = [];
  reports.forEach((r, index) => {
    const atMs = Date.parse(r.at);
    const problem = clockProblem(atMs, nowMs);
    if (problem) return rejected.push({ index, field: 'at', error: problem });
    const hour = hours.of(atMs);
    items.push({ gateId: r.gateId, venueId: venueOf.get(r.gateId)!, badge: hashBadge(r.badgeId), atMs, hour, day: hour.slice(0, 10), direction: r.direction });
  });
  return { items, rejected };
}
