import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DEFAULT_GUESS_LIMITS, localPairingLimits, type GuessLimits, type PairingLimits } from '../fleet/pairing.js';
import { failOpen, type ScriptRunner } from './fail-open.js';

/**
 * KEYS: the account's and everyone's sorted set of wrong codes, scored by time. ARGV: now,
 * windowMs, the account's limit, everyone's limit. Like `PairingGuard.waitMs`: once a set holds
 * its limit within the window, the wait lasts until the oldest of the last `limit` leaves it.
 */
const WAIT_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local limit = tonumber(ARGV[2 + i])
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now
    if w > wait then wait = w end
  end
end
return wait
`;

/** KEYS as above. ARGV: now, windowMs, a member unique to this wrong code. */
const FAILED_SCRIPT = `
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 0
`;

/** Redis keys of the two limits, under the cluster's prefix. */
export function pairingLimitKeys(prefix: string, who: string): string[] {
  return [`${prefix}:pairing:account:${who}`, `${prefix}:pairing:all`];
}

/**
 * The wrong pairing-code limits kept in Redis, so that several instances do not multiply the
 * guesses; while Redis is away, each instance counts in its own memory (`failOpen`).
 */
export function sharedPairingLimits(redis: ScriptRunner, prefix: string, log: Logger, limits: GuessLimits = DEFAULT_GUESS_LIMITS): PairingLimits {
  const local = localPairingLimits();
  const step = failOpen(redis, log, 'pairing limits');
  const window = String(limits.windowMs);
  return {
    waitMs: (who, now) =>
      step({
        script: WAIT_SCRIPT,
        keys: pairingLimitKeys(prefix, who),
        args: [String(now), window, String(limits.perAccount), String(limits.overall)],
        fromReply: (reply) => Math.max(0, Number(reply)),
        local: () => local.waitMs(who, now),
      }),
    async failed(who, now) {
      // Also here, so that this instance's own count is ready should Redis go away.
      await local.failed(who, now);
      await step({ script: FAILED_SCRIPT, keys: pairingLimitKeys(prefix, who), args: [String(now), window, `${now}:${randomUUID()}`], fromReply: () => undefined, local: async () => undefined });
    },
  };
}
