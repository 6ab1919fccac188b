import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { EventConfig } from '../../shared/event-config.js';
import { fieldsOf, HttpError } from '../http/errors.js';
import type { CountItem, ScanItem } from '../store/operations.js';
import type { Actor } from '../auth/actor.js';
import { localHourKey } from '../../shared/time.js';
import { DEFAULT_GATE_PERSONS_PER_MINUTE, type AttendanceRejection, type RejectionCode } from '../../shared/attendance.js';
import { clockProblem } from './clock.js';
import { countSchemaFor, isCounter, MAX_BATCH_ITEMS, scanSchema, type CountReport, type ScanReport } from './schemas.js';

export type Rejection = AttendanceRejection;

/** A refused item: `error` repeats `message` for devices that read only it. */
export function rejection(index: number, field: string, code: RejectionCode, message: string): Rejection {
  return { index, field, code, message, error: message };
}

const clockRejection = (index: number, field: string, atMs: number, nowMs: number, problem: string) =>
  rejection(index, field, atMs > nowMs ? 'clock_ahead' : 'too_old', problem);

/** Each gate's rate in people per minute: its own, else the event's, else the documented default. */
export function gateRates(event: EventConfig): (gateId: string) => number {
  const fallback = event.gatePersonsPerMinute ?? DEFAULT_GATE_PERSONS_PER_MINUTE;
  const rates = new Map(event.venues.flatMap((v) => v.gates.map((g) => [g.id, g.personsPerMinute ?? fallback] as const)));
  return (gateId) => rates.get(gateId) ?? fallback;
}

/**
 * Minutes of passing the reports one gate-hour can hold: an interval of up to an hour counts
 * in the hour holding its middle, so the intervals of hour H lie within H-0:30 and H+1:30.
 */
const HOUR_SPAN_MINUTES = 120;

/** The people a gate passing `perMinute` can let through in `spanMs` (judged over at least a minute). */
export function gateCapacity(perMinute: number, spanMs: number): number {
  return Math.floor(perMinute * Math.max(1, spanMs / 60_000));
}

/** Why an interval claims more than its gate can pass, or undefined when it is plausible. */
function overRate(index: number, entries: number, exits: number, most: number, what: string): Rejection | undefined {
  const field = entries > most ? 'entries' : exits > most ? 'exits' : undefined;
  if (!field) return undefined;
  const claimed = field === 'entries' ? entries : exits;
  return rejection(index, field, 'over_gate_rate', `${claimed} ${field} ${what}: the gate passes at most ${most}`);
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

/**
 * Items ready for the store, and the refused ones: a time out of bounds, or an interval with
 * more people than its gate passes at `perMinuteOf(gateId)`, alone or with the request's
 * earlier items for that gate and hour.
 */
export function prepareCounts(
  reports: CountReport[],
  venueOf: Map<string, string>,
  timeZone: string,
  nowMs: number,
  perMinuteOf: (gateId: string) => number = () => DEFAULT_GATE_PERSONS_PER_MINUTE,
): Prepared<CountItem> {
  const items: CountItem[] = [];
  const rejected: Rejection[] = [];
  const hourSums = new Map<string, { entries: number; exits: number }>();
  reports.forEach((r, index) => {
    const base = { index, gateId: r.gateId, venueId: venueOf.get(r.gateId)!, batchId: r.batchId };
    const perMinute = perMinuteOf(r.gateId);
    if (isCounter(r)) {
      const atMs = Date.parse(r.at);
      const problem = clockProblem(atMs, nowMs);
      if (problem) return rejected.push(clockRejection(index, 'at', atMs, nowMs, problem));
      items.push({ ...base, kind: 'counter', atMs, hour: localHourKey(atMs, timeZone), entriesTotal: r.entriesTotal, exitsTotal: r.exitsTotal, perMinute });
      return;
    }
    const fromMs = Date.parse(r.from);
    const toMs = Date.parse(r.to);
    const problem = clockProblem(toMs, nowMs);
    if (problem) return rejected.push(clockRejection(index, 'to', toMs, nowMs, problem));
    const alone = overRate(index, r.entries, r.exits, gateCapacity(perMinute, toMs - fromMs), `in ${Math.round((toMs - fromMs) / 1000)} s`);
    if (alone) return rejected.push(alone);
    // An interval counts in the hour holding its middle: a 09:59-10:01 report is as much 10 as 09.
    const hour = localHourKey((fromMs + toMs) / 2, timeZone);
    const sum = hourSums.get(`${r.gateId}|${hour}`) ?? { entries: 0, exits: 0 };
    const together = overRate(index, sum.entries + r.entries, sum.exits + r.exits, perMinute * HOUR_SPAN_MINUTES, `with this request's earlier reports for hour ${hour}`);
    if (together) return rejected.push(together);
    hourSums.set(`${r.gateId}|${hour}`, { entries: sum.entries + r.entries, exits: sum.exits + r.exits });
    items.push({ ...base, kind: 'interval', hour, entries: r.entries, exits: r.exits });
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
  timeZone: string,
  hashBadge: (badgeId: string) => Buffer,
  nowMs: number,
): Prepared<ScanItem> {
  const items: ScanItem[] = [];
  const rejected: Rejection[] = [];
  reports.forEach((r, index) => {
    const atMs = Date.parse(r.at);
    const problem = clockProblem(atMs, nowMs);
    if (problem) return rejected.push(clockRejection(index, 'at', atMs, nowMs, problem));
    const hour = localHourKey(atMs, timeZone);
    items.push({ gateId: r.gateId, venueId: venueOf.get(r.gateId)!, badge: hashBadge(r.badgeId), atMs, hour, day: hour.slice(0, 10), direction: r.direction });
  });
  return { items, rejected };
}
