/** How one kind of key (an address, a username) is slowed down after failed logins. */
export interface BackoffPolicy {
  /** Failures a key may have before any wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts again from nothing. At least `maxDelayMs`. */
  forgetAfterMs: number;
  /** Past this many keys the one whose last failure is oldest is dropped, so a flood of names cannot grow memory. */
  maxKeys: number;
}

/** The cap on the doubling's exponent, so that a long run of failures cannot overflow to Infinity. */
const MAX_DOUBLINGS = 40;

/** The wait a policy imposes right after a key's `failures`-th failure. */
export function delayAfter(policy: BackoffPolicy, failures: number): number {
  const over = failures - policy.freeFailures;
  if (over <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over - 1, MAX_DOUBLINGS));
}

/**
 * The waits after the 1st, 2nd … failure, up to the first that every later failure repeats: a
 * store that cannot run `delayAfter` (a Redis script) looks the wait up, taking the last entry
 * for any count past the end.
 */
export function delaySchedule(policy: BackoffPolicy): number[] {
  const schedule: number[] = [];
  for (let failures = 1; ; failures++) {
    const wait = delayAfter(policy, failures);
    schedule.push(wait);
    if (failures > policy.freeFailures && wait === delayAfter(policy, failures + 1)) return schedule;
  }
}

/** How many of the oldest keys one call looks at for forgetting: each call's work stays bounded. */
export const SWEEP_PER_CALL = 16;

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/**
 * Exponential backoff per key instead of a lockout: a venue behind one NAT address is slowed, never
 * shut out. Kept in memory per process: a restart forgets, which only favours the legitimate user.
 *
 * Entries sit in the Map in the order of their last failure (a failure moves its key to the end),
 * so the keys to forget are always at the front: each call sweeps at most SWEEP_PER_CALL of them
 * and stops at the first that is still fresh.
 */
export class LoginBackoff {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly policy: BackoffPolicy) {
    if (policy.forgetAfterMs < policy.maxDelayMs) throw new Error('forgetAfterMs must cover maxDelayMs');
  }

  /** Milliseconds this key must still wait before it may try again; 0 when it may try now. */
  waitMs(key: string, now: number): number {
    this.#sweep(now);
    const entry = this.#entries.get(key);
    return entry ? Math.max(0, entry.blockedUntil - now) : 0;
  }

  /** Counts a failed (or not yet decided) attempt; returns the wait it imposes from now on. */
  fail(key: string, now: number): number {
    this.#sweep(now);
    const entry = this.#entries.get(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    this.#entries.delete(key);
    entry.failures += 1;
    entry.lastFailureAt = now;
    const wait = this.delayAfter(entry.failures);
    if (wait > 0) entry.blockedUntil = Math.max(entry.blockedUntil, now + wait);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.policy.maxKeys) this.#entries.delete(this.#entries.keys().next().value!);
    return wait;
  }

  /** Takes one failure back (an attempt that turned out right); the wait already running stays. */
  forgive(key: string): void {
    const entry = this.#entries.get(key);
    if (entry) entry.failures = Math.max(0, entry.failures - 1);
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** The wait imposed right after the `failures`-th failure. */
  delayAfter(failures: number): number {
    return delayAfter(this.policy, failures);
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(now: number): void {
    let looked = 0;
    for (const [key, entry] of this.#entries) {
      if (looked++ >= SWEEP_PER_CALL || now - entry.lastFailureAt < this.policy.forgetAfterMs) return;
      this.#entries.delete(key);
    }
  }
}
