import { describe, expect, it } from 'vitest';
import { LoginGuard, ADDRESS_POLICY, USERNAME_POLICY } from '../../server/auth/login-guard.js';
import { LoginBackoff, SWEEP_PER_CALL, type BackoffPolicy } from '../../server/auth/rate-limit.js';

const policy: BackoffPolicy = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, forgetAfterMs: 600_000, maxKeys: 1000 };

describe('login backoff per key', () => {
  it('lets the free failures through, then waits 1 s, 2 s, 4 s … up to the longest wait', () => {
    const backoff = new LoginBackoff(policy);
    let t = 0;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      t += backoff.waitMs('k', t);
      waits.push(backoff.fail('k', t));
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(backoff.waitMs('k', t)).toBe(60_000);
    expect(backoff.waitMs('k', t + 59_999)).toBe(1);
    expect(backoff.waitMs('k', t + 60_000)).toBe(0);
    expect(backoff.waitMs('other', t)).toBe(0);
  });

  it('never overflows however many failures a key has', () => {
    expect(new LoginBackoff(policy).delayAfter(10_000)).toBe(60_000);
  });

  it('forgets a key once it has had no failure for forgetAfterMs', () => {
    const backoff = new LoginBackoff(policy);
    for (let i = 0; i < 5; i++) backoff.fail('k', 0);
    expect(backoff.waitMs('k', 1)).toBeGreaterThan(0);
    expect(backoff.waitMs('k', policy.forgetAfterMs)).toBe(0);
    expect(backoff.size).toBe(0);
    expect(backoff.fail('k', policy.forgetAfterMs)).toBe(0);
  });

  it('keeps at most maxKeys, dropping the key whose last failure is oldest', () => {
    const backoff = new LoginBackoff({ ...policy, maxKeys: 100 });
    for (let i = 0; i < 5; i++) backoff.fail('target', 0);
    for (let i = 0; i < 99; i++) backoff.fail(`spray-${i}`, 1);
    expect(backoff.size).toBe(100);
    expect(backoff.waitMs('target', 2)).toBeGreaterThan(0);
    // A key failing again moves to the newest end, so it is not the next one dropped.
    backoff.fail('target', 2);
    for (let i = 99; i < 10_000; i++) {
      backoff.fail(`spray-${i}`, 3);
      expect(backoff.size).toBeLessThanOrEqual(100);
    }
    expect(backoff.waitMs('target', 3)).toBe(0);
  });

  it('looks at a bounded number of keys per attempt, however many have expired', () => {
    const backoff = new LoginBackoff({ ...policy, maxKeys: 100_000 });
    for (let i = 0; i < 50_000; i++) backoff.fail(`k${i}`, 0);
    // Every key has expired: one call forgets only SWEEP_PER_CALL of them, not 50,000.
    expect(backoff.waitMs('fresh', policy.forgetAfterMs)).toBe(0);
    expect(backoff.size).toBe(50_000 - SWEEP_PER_CALL);
    // Each later attempt does the same bounded share, so the expired ones are gone in the end.
    for (let i = 0; i < 50_000 / SWEEP_PER_CALL; i++) backoff.waitMs('fresh', policy.forgetAfterMs);
    expect(backoff.size).toBe(0);
  });

  it('refuses a policy that forgets a key before its wait is over', () => {
    expect(() => new LoginBackoff({ ...policy, forgetAfterMs: 1000 })).toThrow(/forgetAfterMs/);
  });
});

describe('the login guard', () => {
  it('limits a username whatever the address, and an address whatever the username', () => {
    const guard = new LoginGuard();
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect(guard.admit(`10.0.0.${i}`, 'Mei', 0)).toBe(0);
    expect(guard.admit('10.0.1.1', 'mei', 0)).toBe(USERNAME_POLICY.baseDelayMs);
    expect(guard.admit('10.0.1.1', 'li', 0)).toBe(0);

    const sprayer = new LoginGuard();
    for (let i = 0; i < ADDRESS_POLICY.freeFailures + 1; i++) expect(sprayer.admit('10.9.9.9', `user${i}`, 0)).toBe(0);
    expect(sprayer.admit('10.9.9.9', 'someone-new', 0)).toBe(ADDRESS_POLICY.baseDelayMs);
    expect(sprayer.admit('10.9.9.8', 'someone-new', 0)).toBe(0);
  });

  it('starts a name afresh after its right password, and gives the address that attempt back', () => {
    const guard = new LoginGuard();
    for (let i = 0; i < USERNAME_POLICY.freeFailures - 1; i++) guard.admit('10.0.0.1', 'mei', 0);
    guard.admit('10.0.0.1', 'mei', 0);
    guard.succeeded('10.0.0.1', 'Mei');
    for (let i = 0; i < USERNAME_POLICY.freeFailures; i++) expect(guard.admit('10.0.0.2', 'mei', 0)).toBe(0);
  });

  it('the longest waits are 1 minute per address and 15 minutes per username', () => {
    expect(new LoginBackoff(ADDRESS_POLICY).delayAfter(1000)).toBe(60_000);
    expect(new LoginBackoff(USERNAME_POLICY).delayAfter(1000)).toBe(15 * 60_000);
  });
});
