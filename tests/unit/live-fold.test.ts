import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveFold } from '../../server/live/fold.js';
import type { Change, SigningChangeRecord } from '../../server/store/operations.js';
import type { Signing, SigningStatus } from '../../shared/signing.js';
import { emptySummary, isCounted, summarize } from '../../shared/summary.js';
import { signing } from '../contract/store-contract.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent();
const NOON = new Date('2024-06-20T04:00:00Z');
const fold = (recentLimit = 50) => new LiveFold(event, { summary: emptySummary(), recent: [] }, recentLimit, NOON);

function change(seq: number, next: Signing, previous: Signing | null): SigningChangeRecord {
  return { seq, type: previous ? 'signing.updated' : 'signing.created', at: NOON.toISOString(), actor: 'staff', signing: next, previous };
}

describe('the live fold, without sockets', () => {
  it('keeps totals equal to a recount of the counted signings, whatever statuses come and go', () => {
    const statuses: SigningStatus[] = ['draft', 'held', 'published', 'voided'];
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.integer({ min: 0, max: 5 }), status: fc.constantFrom(...statuses), amount: fc.integer({ min: 1, max: 1e6 }) }), { maxLength: 40 }), (steps) => {
        const f = fold(3);
        const current = new Map<number, Signing>();
        steps.forEach((step, i) => {
          const previous = current.get(step.id) ?? null;
          const next = signing({ id: `s${step.id}`, status: step.status, amountCny: step.amount, version: (previous?.version ?? 0) + 1 });
          current.set(step.id, next);
          f.apply([change(i + 1, next, previous)], NOON);
        });
        const counted = [...current.values()].filter(isCounted);
        const expected = summarize(counted, event.timeZone);
        expect({ ...f.summary, seq: 0, attendance: null }).toEqual({ ...expected, seq: 0, attendance: null });
        expect(f.seq).toBe(steps.length);
        // The ticker keeps the newest counted signings it has heard of, capped; a withdrawn one
        // leaves a gap until the next signing (the fold keeps no older ones to refill it).
        const recent = f.snapshot(NOON).recentSignings;
        expect(recent.length).toBeLessThanOrEqual(Math.min(3, counted.length));
        expect(recent.every((r) => counted.some((c) => c.id === r.id))).toBe(true);
        expect(f.countedStats.count).toBe(counted.length);
      }),
    );
  });

  it('says a change screens must not see still moved seq, and skips changes it has', () => {
    const f = fold();
    const draft = signing({ id: 'd', status: 'draft' });
    expect(f.apply([change(1, draft, null)], NOON)).toEqual({ signings: [], attendanceChanged: false, seqMovedQuietly: true });
    expect(f.apply([change(1, draft, null)], NOON).seqMovedQuietly).toBe(false);
    expect(f.seq).toBe(1);
  });

  it('rolls "today" over at event-local midnight, not UTC midnight', () => {
    const f = fold();
    const attendance: Change = {
      seq: 1,
      type: 'attendance',
      at: NOON.toISOString(),
      actor: 'gate',
      delta: { flows: [{ venueId: 'v1', gateId: 'v1-g1', hour: '2024-06-20T10', entries: 5, exits: 0 }], uniques: [] },
    };
    expect(f.apply([attendance], NOON).attendanceChanged).toBe(true);
    expect(f.summary.attendance?.day).toBe('2024-06-20');
    // 23:59 in Tianjin is 15:59 UTC; one minute later it is the 21st there.
    expect(f.rollDay(new Date('2024-06-20T15:59:00Z'))).toBe(false);
    expect(f.rollDay(new Date('2024-06-20T16:00:00Z'))).toBe(true);
    expect(f.summary.attendance?.day).toBe('2024-06-21');
  });
});
