import { describe, expect, it } from 'vitest';
import { counterStep, plausibleMax, readingDelta, type CounterStep } from '../../server/attendance/counter.js';

const MINUTE = 60_000;

/** Readings a minute apart, before and after, and what the counter makes of them. */
const minuteSteps: Record<string, Array<[before: number, after: number, CounterStep]>> = {
  'counts the difference between readings': [
    [100, 130, { count: 30, event: 'counted' }],
    [130, 130, { count: 0, event: 'counted' }],
  ],
  'reads a drop from just below a counter width as a wrap': [
    [65_530, 4, { count: 10, event: 'wrapped' }],
    [9_998, 3, { count: 5, event: 'wrapped' }],
    [2 ** 32 - 2, 1, { count: 3, event: 'wrapped' }],
  ],
  'reads any other drop as a restart from zero, never as a negative count': [
    [5_000, 12, { count: 12, event: 'reset' }],
    [123_456, 0, { count: 0, event: 'reset' }],
  ],
};

describe('turnstile counters', () => {
  it.each(Object.entries(minuteSteps))('%s', (_, steps) => {
    for (const [before, after, step] of steps) expect(counterStep(before, after, MINUTE)).toEqual(step);
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
