import { LoginBackoff, type BackoffPolicy } from './rate-limit.js';

/**
 * Per address: a whole venue may sit behind one NAT address, so it gets many free failures and
 * a short longest wait. This is what stops one machine spraying passwords over many names.
 */
export const ADDRESS_POLICY: BackoffPolicy = { freeFailures: 20, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 };

/**
 * Per username, whatever the address: what stops guessing one person's password from many
 * addresses (or through forged X-Forwarded-For). At the longest wait, about 4 guesses an hour.
 */
export const USERNAME_POLICY: BackoffPolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000, maxKeys: 10_000 };

/**
 * Both login limits, wherever their state is kept: in this process (one instance) or in Redis
 * (several instances, so that spreading guesses over them gains nothing).
 */
export interface LoginLimits {
  /** 0 and the attempt counted, or the milliseconds to wait (and nothing counted). */
  admit(address: string, username: string, now: number): Promise<number>;
  /** The person knew the password: their name starts afresh, and the address gets this attempt back. */
  succeeded(address: string, username: string): Promise<void>;
}

/** The limits of a single instance, kept in its memory. */
export function localLoginLimits(guard = new LoginGuard()): LoginLimits {
  return {
    admit: async (address, username, now) => guard.admit(address, username, now),
    succeeded: async (address, username) => guard.succeeded(address, username),
  };
}

/** Both limits on logins. Every admitted attempt counts as a failure until it succeeds, so a burst of parallel guesses is counted before any of them is decided. */
export class LoginGuard {
  readonly #byAddress = new LoginBackoff(ADDRESS_POLICY);
  readonly #byName = new LoginBackoff(USERNAME_POLICY);

  /** 0 and the attempt counted, or the milliseconds to wait (and nothing counted). */
  admit(address: string, username: string, now: number): number {
    const name = username.toLowerCase();
    const wait = Math.max(this.#byAddress.waitMs(address, now), this.#byName.waitMs(name, now));
    if (wait > 0) return wait;
    this.#byAddress.fail(address, now);
    this.#byName.fail(name, now);
    return 0;
  }

  /** The person knew the password: their name starts afresh, and the address gets this attempt back. */
  succeeded(address: string, username: string): void {
    this.#byAddress.forgive(address);
    this.#byName.reset(username.toLowerCase());
  }
}
