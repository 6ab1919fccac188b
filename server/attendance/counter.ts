import { DEFAULT_GATE_PERSONS_PER_MINUTE } from '../../shared/attendance.js';

/**
 * Cumulative turnstile counters: the people counted between two readings. Counters wrap at
 * their width and restart from zero when a device reboots; neither may become a negative
 * count or a jump of millions.
 */

/** Widths counters are built with; a drop from just below one of them is a wrap. */
const WRAP_MODULI = [10_000, 65_536, 100_000, 1_000_000, 16_777_216, 10_000_000, 100_000_000, 1_000_000_000, 2 ** 31, 2 ** 32];

/** Readings closer together than this are judged as if this far apart. */
const MIN_WINDOW_MS = 60_000;

export type CounterEvent = 'counted' | 'wrapped' | 'reset' | 'implausible_jump';

export interface CounterStep {
  count: number;
  event: CounterEvent;
}

/** The most people a gate passing `perMinute` can count in `elapsedMs`; more than that is not a count. */
export function plausibleMax(elapsedMs: number, perMinute = DEFAULT_GATE_PERSONS_PER_MINUTE): number {
  return (perMinute * Math.max(MIN_WINDOW_MS, Math.abs(elapsedMs))) / 60_000;
}

/** People counted from `previous` to `current`, `elapsedMs` apart, at a gate passing at most `perMinute`. */
export function counterStep(previous: number, current: number, elapsedMs: number, perMinute = DEFAULT_GATE_PERSONS_PER_MINUTE): CounterStep {
  const limit = plausibleMax(elapsedMs, perMinute);
  if (current >= previous) {
    const count = current - previous;
    // A replaced device or a rebased counter: take the reading as the new baseline.
    return count <= limit ? { count, event: 'counted' } : { count: 0, event: 'implausible_jump' };
  }
  const modulus = WRAP_MODULI.find((m) => m > previous);
  if (modulus !== undefined) {
    const wrapped = modulus - previous + current;
    if (wrapped <= limit) return { count: wrapped, event: 'wrapped' };
  }
  // Restarted from zero: what it shows now was counted since the restart.
  return current <= limit ? { count: current, event: 'reset' } : { count: 0, event: 'implausible_jump' };
}

export interface CounterReading {
  atMs: number;
  entriesTotal: number;
  exitsTotal: number;
}

export interface ReadingDelta {
  entries: number;
  exits: number;
  /** Set when either counter wrapped, reset or jumped, for the device's operator. */
  note?: string;
}

/** Entries and exits between two readings of one gate's counters, at most `perMinute` each way. */
export function readingDelta(previous: CounterReading, current: CounterReading, perMinute = DEFAULT_GATE_PERSONS_PER_MINUTE): ReadingDelta {
  const elapsed = current.atMs - previous.atMs;
  const entries = counterStep(previous.entriesTotal, current.entriesTotal, elapsed, perMinute);
  const exits = counterStep(previous.exitsTotal, current.exitsTotal, elapsed, perMinute);
  const notes = [
    entries.event !== 'counted' ? `entriesTotal ${entries.event.replace('_', ' ')}` : '',
    exits.event !== 'counted' ? `exitsTotal ${exits.event.replace('_', ' ')}` : '',
  ].filter(Boolean);
  return { entries: entries.count, exits: exits.count, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}
