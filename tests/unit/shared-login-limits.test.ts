import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ADDRESS_POLICY, USERNAME_POLICY } from '../../server/auth/login-guard.js';
import { delayAfter, delaySchedule } from '../../server/auth/rate-limit.js';
import type { ScriptRunner } from '../../server/cluster/fail-open.js';
import { loginLimitKeys, sharedLoginLimits } from '../../server/cluster/shared-login-limits.js';

/** A logger that keeps the level and message of each line. */
function recordingLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, lines };
}

/** A Redis that fails every command, or is not connected at all. */
function brokenRedis(isReady: boolean): ScriptRunner & { calls: number } {
  return {
    isReady,
    calls: 0,
    eval() {
      this.calls += 1;
      return Promise.reject(new Error('READONLY You cannot write against a read only replica'));
    },
  };
}

describe('the wait schedule a Redis script looks up', () => {
  it('holds the same waits as delayAfter, the last one standing for every later failure', () => {
    for (const policy of [ADDRESS_POLICY, USERNAME_POLICY, { ...USERNAME_POLICY, freeFailures: 0, baseDelayMs: 0 }]) {
      const schedule = delaySchedule(policy);
      for (let failures = 1; failures < 200; failures++) {
        expect(schedule[Math.min(failures, schedule.length) - 1]).toBe(delayAfter(policy, failures));
      }
    }
  });

  it('is short: the free failures and one entry per doubling', () => {
    expect(delaySchedule(USERNAME_POLICY)).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000]);
    expect(delaySchedule(ADDRESS_POLICY)).toHaveLength(ADDRESS_POLICY.freeFailures + 7);
  });
});

describe('login limits in Redis', () => {
  it('keeps each key under the prefix, the name in lower case', () => {
    expect(loginLimitKeys('pavilion', '10.0.0.1', 'Mei')).toEqual(['pavilion:login:address:10.0.0.1', 'pavilion:login:name:mei']);
  });

  for (const isReady of [true, false]) {
    it(`falls back to this instance's limits when Redis ${isReady ? 'errors' : 'is not connected'}, with one warning`, async () => {
      const { log, lines } = recordingLog();
      const redis = brokenRedis(isReady);
      const limits = sharedLoginLimits(redis, 'pavilion', log);
      for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect(await limits.admit(`10.0.0.${i}`, 'mei', 0)).toBe(0);
      expect(await limits.admit('10.0.1.1', 'Mei', 0)).toBe(USERNAME_POLICY.baseDelayMs);
      await limits.succeeded('10.0.1.1', 'mei');
      expect(await limits.admit('10.0.1.1', 'mei', 0)).toBe(0);
      expect(redis.calls).toBe(isReady ? USERNAME_POLICY.freeFailures + 4 : 0);
      expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
      expect(lines[0]!.msg).toMatch(/Redis unavailable/);
    });
  }
});
