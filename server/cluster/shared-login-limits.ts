import type { Logger } from 'pino';
import { ADDRESS_POLICY, localLoginLimits, USERNAME_POLICY, type LoginLimits } from '../auth/login-guard.js';
import { delaySchedule, type BackoffPolicy } from '../auth/rate-limit.js';
import { failOpen, type ScriptRunner } from './fail-open.js';

/**
 * KEYS: the address's hash, the name's hash. ARGV: now, then per key its forgetAfterMs and its
 * waits as a JSON array (`delaySchedule`). One script, so that no other instance's attempt can
 * slip in between reading the waits and counting: a parallel burst is counted attempt by attempt.
 */
const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, 2 do
  local blocked = tonumber(redis.call('HGET', KEYS[i], 'blockedUntil') or '0')
  if blocked - now > wait then wait = blocked - now end
end
if wait > 0 then return wait end
for i = 1, 2 do
  local failures = redis.call('HINCRBY', KEYS[i], 'failures', 1)
  local schedule = cjson.decode(ARGV[2 * i + 1])
  local delay = schedule[math.min(failures, #schedule)]
  local blocked = tonumber(redis.call('HGET', KEYS[i], 'blockedUntil') or '0')
  if delay > 0 and now + delay > blocked then
    redis.call('HSET', KEYS[i], 'blockedUntil', string.format('%d', now + delay))
  end
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
end
return 0
`;

/** KEYS: the address's hash, the name's hash. The address gets one failure back (its running wait stays); the name is forgotten. */
const SUCCEEDED_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], 'failures') == 1 and redis.call('HINCRBY', KEYS[1], 'failures', -1) < 0 then
  redis.call('HSET', KEYS[1], 'failures', '0')
end
redis.call('DEL', KEYS[2])
return 0
`;

/** What the admit script needs to know of one policy, in the order it reads its ARGV. */
function policyArguments(policy: BackoffPolicy): string[] {
  return [String(policy.forgetAfterMs), JSON.stringify(delaySchedule(policy))];
}

/** Redis keys of the two limits, under the cluster's prefix so that two deployments sharing a Redis do not mix. */
export function loginLimitKeys(prefix: string, address: string, username: string): string[] {
  return [`${prefix}:login:address:${address}`, `${prefix}:login:name:${username.toLowerCase()}`];
}

/**
 * The login limits kept in Redis, seen alike by every instance; while Redis is away, each
 * instance counts in its own memory (`failOpen`).
 */
export function sharedLoginLimits(redis: ScriptRunner, prefix: string, log: Logger): LoginLimits {
  const local = localLoginLimits();
  const policyArgs = [...policyArguments(ADDRESS_POLICY), ...policyArguments(USERNAME_POLICY)];
  const step = failOpen(redis, log, 'login limits');
  return {
    admit: (address, username, now) =>
      step({
        script: ADMIT_SCRIPT,
        keys: loginLimitKeys(prefix, address, username),
        args: [String(now), ...policyArgs],
        fromReply: Number,
        local: () => local.admit(address, username, now),
      }),
    async succeeded(address, username) {
      // Also here: the attempt may have been admitted while Redis was away.
      await local.succeeded(address, username);
      await step({ script: SUCCEEDED_SCRIPT, keys: loginLimitKeys(prefix, address, username), args: [], fromReply: () => undefined, local: async () => undefined });
    },
  };
}
