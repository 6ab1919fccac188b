/**
 * Counts attempts per key in a fixed window. Kept in memory per process: enough to slow
 * password guessing; a restart forgets, which only favours the legitimate user.
 */
export class AttemptLimiter {
  #windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  /** Records an attempt; false when the key is over its limit. */
  tryAttempt(key: string, now = Date.now()): boolean {
    this.#forgetExpired(now);
    const window = this.#windows.get(key) ?? { startedAt: now, count: 0 };
    window.count += 1;
    this.#windows.set(key, window);
    return window.count <= this.maxAttempts;
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }

  #forgetExpired(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.startedAt >= this.windowMs) this.#windows.delete(key);
  }
}
