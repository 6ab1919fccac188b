import { describe, expect, it } from 'vitest';
import { BadgeSightings, NEW_AT_ALL, NEW_IN_DAY, NEW_IN_VENUE, NEW_IN_VENUE_DAY, packed } from '../../server/attendance/sightings.js';

const EVERYWHERE = NEW_IN_VENUE_DAY | NEW_IN_VENUE | NEW_IN_DAY | NEW_AT_ALL;

/** A badge hash whose first 64 bits are `low` and `high`: equal lows probe the same slot. */
function badge(low: number, high = 0): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(low >>> 0, 0);
  b.writeUInt32LE(high >>> 0, 4);
  return b;
}

function sightings(pairs: Array<[string, string]>, badges = 16): BadgeSightings {
  const s = new BadgeSightings();
  s.reserve(badges, pairs);
  return s;
}

describe('badge sightings', () => {
  it('says which counts a sighting is new to', () => {
    const s = sightings([['v1', 'd1'], ['v1', 'd2'], ['v2', 'd1'], ['v2', 'd2']]);
    expect(s.record(badge(1), 'v1', 'd1')).toBe(EVERYWHERE);
    expect(s.record(badge(1), 'v1', 'd1')).toBe(0);
    expect(s.record(badge(1), 'v2', 'd1')).toBe(NEW_IN_VENUE_DAY | NEW_IN_VENUE);
    expect(s.record(badge(1), 'v1', 'd2')).toBe(NEW_IN_VENUE_DAY | NEW_IN_DAY);
    expect(s.record(badge(1), 'v2', 'd2')).toBe(NEW_IN_VENUE_DAY);
    expect(s.record(badge(2), 'v2', 'd2')).toBe(EVERYWHERE);
    expect(s.size).toBe(2);
  });

  it('tells apart badges that share a slot or their low bits', () => {
    const s = sightings([['v1', 'd1']]);
    expect(s.record(badge(5, 1), 'v1', 'd1')).toBe(EVERYWHERE);
    expect(s.record(badge(5, 2), 'v1', 'd1')).toBe(EVERYWHERE);
    expect(s.record(badge(5 + 1024, 1), 'v1', 'd1')).toBe(EVERYWHERE);
    expect(s.record(badge(5, 2), 'v1', 'd1')).toBe(0);
    expect(s.record(badge(5 + 1024, 1), 'v1', 'd1')).toBe(0);
  });

  it('keeps what it knows when it grows in badges and in venue-day pairs', () => {
    const s = sightings([['v0', 'd0']]);
    for (let i = 0; i < 3000; i++) {
      s.reserve(1, [[`v${i % 40}`, 'd0']]);
      s.record(badge(i * 7919), `v${i % 40}`, 'd0');
      s.settle();
    }
    expect(s.size).toBe(3000);
    s.reserve(1, [['v39', 'd9']]);
    expect(s.record(badge(7919), 'v1', 'd0')).toBe(0);
    expect(s.record(badge(7919), 'v39', 'd9')).toBe(NEW_IN_VENUE_DAY | NEW_IN_VENUE | NEW_IN_DAY);
    expect(s.record(badge(2999 * 7919), 'v39', 'd9')).toBe(NEW_IN_VENUE_DAY | NEW_IN_DAY);
  });

  it('undoes what a failed write recorded, newest first', () => {
    const s = sightings([['v1', 'd1'], ['v2', 'd1']]);
    s.record(badge(1), 'v1', 'd1');
    s.settle();
    const mark = s.mark();
    s.record(badge(1), 'v2', 'd1');
    s.record(badge(9), 'v1', 'd1');
    s.record(badge(9 + 1024), 'v1', 'd1');
    s.undoTo(mark);
    expect(s.size).toBe(1);
    expect(s.record(badge(9 + 1024), 'v1', 'd1')).toBe(EVERYWHERE);
    expect(s.record(badge(1), 'v2', 'd1')).toBe(NEW_IN_VENUE_DAY | NEW_IN_VENUE);
    expect(s.record(badge(1), 'v1', 'd1')).toBe(0);
  });

  it('loads back what it packed, by the first 8 bytes of each hash, for good', () => {
    const s = sightings([['v1', 'd1'], ['v2', 'd1']], 3);
    s.load('v1', 'd1', packed([badge(1, 1), badge(2, 2), badge(3, 3)]));
    s.undoTo(0);
    expect(s.size).toBe(3);
    expect(s.record(badge(2, 2), 'v1', 'd1')).toBe(0);
    expect(s.record(Buffer.concat([badge(3, 3).subarray(0, 8), Buffer.alloc(8, 0xff)]), 'v2', 'd1')).toBe(NEW_IN_VENUE_DAY | NEW_IN_VENUE);
  });

  it('refuses a pair that was not reserved, and growing with changes not settled', () => {
    const s = sightings([['v1', 'd1']], 1);
    expect(() => s.record(badge(1), 'v9', 'd1')).toThrow(/not reserved/);
    s.record(badge(1), 'v1', 'd1');
    expect(() => s.reserve(5000, [])).toThrow(/not yet settled/);
  });
});
