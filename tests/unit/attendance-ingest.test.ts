import { describe, expect, it } from 'vitest';
import { clockProblem, FUTURE_TOLERANCE_MS } from '../../server/attendance/clock.js';
import { badgeHasher, checkGates, parseCounts, parseScans, prepareCounts, reportableGates } from '../../server/attendance/ingest.js';
import { HttpError } from '../../server/http/errors.js';
import type { Actor } from '../../server/auth/actor.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent();
const device = (scope: Actor['scope']): Actor => ({ kind: 'token', id: 't', name: 'gate', role: 'device', scope });

function httpError(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('attendance input', () => {
  it('names the bad field with its index', () => {
    const error = httpError(() => parseScans({ scans: [{ badgeId: 'b', gateId: 'v1-g1', at: '2024-06-20T09:00:00Z', direction: 'in' }, { badgeId: 'b', gateId: 'v1-g1', at: 'noon', direction: 'up' }] }));
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields!).sort()).toEqual(['scans.1.at', 'scans.1.direction']);
  });

  it('refuses batches over the limit', () => {
    const error = httpError(() => parseCounts({ counts: Array.from({ length: 5001 }, () => ({})) }));
    expect(error.fields).toEqual({ counts: 'at most 5000 items' });
  });

  it('tells the interval form from the counter form', () => {
    const [interval, counter] = parseCounts({
      counts: [
        { gateId: 'v1-g1', batchId: 'a', from: '2024-06-20T09:00:00+08:00', to: '2024-06-20T09:01:00+08:00', entries: 4, exits: 1 },
        { gateId: 'v1-g1', batchId: 'b', at: '2024-06-20T09:01:00+08:00', entriesTotal: 400, exitsTotal: 100 },
      ],
    });
    const { items } = prepareCounts([interval!, counter!], new Map([['v1-g1', 'v1']]), event.timeZone, Date.parse('2024-06-20T10:00:00+08:00'));
    expect(items.map((i) => i.kind)).toEqual(['interval', 'counter']);
    expect(items[0]!.hour).toBe('2024-06-20T09');
    expect(httpError(() => parseCounts({ gateId: 'v1-g1', batchId: 'a', from: '2024-06-20T10:00:00Z', to: '2024-06-20T09:00:00Z', entries: 1, exits: 0 })).fields).toEqual({ to: 'before from' });
  });

  it('rejects device times beyond the tolerance and very old ones', () => {
    const now = Date.parse('2024-06-20T10:00:00Z');
    expect(clockProblem(now + FUTURE_TOLERANCE_MS, now)).toBeUndefined();
    expect(clockProblem(now + FUTURE_TOLERANCE_MS + 1000, now)).toMatch(/ahead of the server clock/);
    expect(clockProblem(now - 8 * 86_400_000, now)).toMatch(/older than/);
  });

  it('limits a device to its own gates', () => {
    expect([...reportableGates(device({ gateIds: ['v1-g2'] }), event)]).toEqual(['v1-g2']);
    expect(reportableGates(device({ venueId: 'v2' }), event)).toEqual(new Set(['v2-g1', 'v2-g2']));
    const allowed = reportableGates(device({ gateIds: ['v1-g1'] }), event);
    expect(httpError(() => checkGates(['v1-g2'], event, allowed)).code).toBe('forbidden');
    expect(httpError(() => checkGates(['nowhere'], event, allowed)).code).toBe('unknown_gate');
    expect(checkGates(['v1-g1'], event, allowed).get('v1-g1')).toBe('v1');
  });

  it('hashes badge ids with the installation key', () => {
    const a = badgeHasher(Buffer.alloc(32, 1));
    const b = badgeHasher(Buffer.alloc(32, 2));
    expect(a('BADGE-1')).toEqual(a('BADGE-1'));
    expect(a('BADGE-1')).not.toEqual(b('BADGE-1'));
    expect(a('BADGE-1').toString('hex')).not.toContain(Buffer.from('BADGE-1').toString('hex'));
  });
});
