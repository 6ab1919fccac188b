import { randomInt, randomUUID } from 'node:crypto';
import { PAIRING_ALPHABET } from '../../shared/fleet-schemas.js';
import { randomSecret, sha256 } from '../auth/secrets.js';
import type { AccountStore } from '../store/types.js';

/** A fresh 6-character code from an alphabet without 0/O and 1/I: 32⁶ ≈ 10⁹ codes. */
export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

export interface GuessLimits {
  /** Wrong codes one account may try per window... */
  perAccount: number;
  /** ...and all accounts together, so that many accounts do not multiply the guesses. */
  overall: number;
  windowMs: number;
}

/**
 * With 10 wrong codes per account and 30 in all per 15 minutes, and a few dozen screens
 * waiting at once, guessing one of their codes takes about a million years.
 */
export const DEFAULT_GUESS_LIMITS: GuessLimits = { perAccount: 10, overall: 30, windowMs: 15 * 60_000 };

/** The wrong-code limits, wherever their state is kept: in this process, or in Redis for every instance. */
export interface PairingLimits {
  /** Milliseconds to wait before `who` may try a code; 0 when it may now. */
  waitMs(who: string, now: number): Promise<number>;
  failed(who: string, now: number): Promise<void>;
}

/** The limits of a single instance, kept in its memory. */
export function localPairingLimits(guard = new PairingGuard()): PairingLimits {
  return {
    waitMs: async (who, now) => guard.waitMs(who, now),
    failed: async (who, now) => guard.failed(who, now),
  };
}

/** Counts wrong pairing codes; answers how long a caller must wait before trying again. */
export class PairingGuard {
  readonly #failures = new Map<string, number[]>();
  #all: number[] = [];

  constructor(private readonly limits: GuessLimits = DEFAULT_GUESS_LIMITS) {}

  /** Milliseconds to wait before `who` may try a code; 0 when it may now. */
  waitMs(who: string, now: number): number {
    const since = now - this.limits.windowMs;
    this.#all = this.#all.filter((t) => t > since);
    const mine = (this.#failures.get(who) ?? []).filter((t) => t > since);
    if (mine.length === 0) this.#failures.delete(who);
    else this.#failures.set(who, mine);
    const wait = (times: number[], limit: number) => (times.length >= limit ? times[times.length - limit]! + this.limits.windowMs - now : 0);
    return Math.max(wait(mine, this.limits.perAccount), wait(this.#all, this.limits.overall), 0);
  }

  failed(who: string, now: number): void {
    this.#failures.set(who, [...(this.#failures.get(who) ?? []), now]);
    this.#all.push(now);
  }
}

/** Issues the display token a paired screen keeps: like one an admin issues in `/admin`, listed and revocable there. */
export async function issueDisplayToken(
  accounts: AccountStore,
  input: { name: string; venueId: string | null; createdBy: string; at: number },
): Promise<{ id: string; token: string }> {
  const token = randomSecret('pvl_');
  const id = randomUUID();
  await accounts.createToken(
    {
      id,
      role: 'display',
      label: input.name,
      scope: input.venueId ? { venueId: input.venueId } : {},
      createdAt: new Date(input.at).toISOString(),
      createdBy: input.createdBy,
      revokedAt: null,
    },
    sha256(token),
  );
  return { id, token };
}
