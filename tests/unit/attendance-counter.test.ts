import { describe, expect, it } from 'vitest';
import { counterStep, plausibleMax, readingDelta } from '../../server/attendance/counter.js';

const MINUTE = 60_000;

describe('turnstile counters', () => {
  it('counts the difference between readings', () => {
    expect(counterStep(100, 130, MINUTE)).toEqual({ count: 30, event: 'counted' });
    expect(counterStep(130, 130, MINUTE)).toEqual({ count: 0, event: 'counted' });
  });

  it('reads a drop from just below a counter width as a wrap', () => {
    expect(counterStep(65_530, 4, MINUTE)).toEqual({ count: 10, event: 'wrapped' });
    expect(counterStep(9_998, 3, MINUTE)).toEqual({ count: 5, event: 'wrapped' });
    expect(counterStep(2 ** 32 - 2, 1, MINUTE)).toEqual({ count: 3, event: 'wrapped' });
  });

  it('reads any other drop as a restart from zero, never as a negative count', () => {
    expect(counterStep(5_000, 12, MINUTE)).toEqual({ count: 12, event: 'reset' });
    expect(counterStep(123_456, 0, MINUTE)).toEqual({ count: 0, event: 'reset' });
  });

  it('turns an implausible jump into a new baseline instead of thousands of people', () => {
    expect(counterStep(10, 5_000_000, MINUTE)).toEqual({ count: 0, event: 'implausible_jump' });
    expect(counterStep(5_000, 4_000_000, MINUTE)).toEqual({ count: 0, event: 'implausible_jump' });
    // Over a night, more people may pass than in a minute.
    expect(counterStep(0, 5_000, 8 * 3600_000).event).toBe('counted');
    expect(plausibleMax(1000)).toBe(plausibleMax(MINUTE));
  });

  it('notes which counter wrapped or reset', () => {
    const delta = readingDelta({ atMs: 0, entriesTotal: 65_535, exitsTotal: 900 }, { atMs: MINUTE, entriesTotal: 2, exitsTotal: 7 });
    expect(delta).toEqual({ entries: 3, exits: 7, note: 'entriesTotal wrapped; exitsTotal reset' });
    expect(readingDelta({ atMs: 0, entriesTotal: 1, exitsTotal: 1 }, { atMs: MINUTE, entriesTotal: 2, exitsTotal: 1 })).toEqual({ entries: 1, exits: 0 });
  });
});
