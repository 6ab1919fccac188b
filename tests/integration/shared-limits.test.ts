import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { beforeAll, describe, expect, it } from 'vitest';
import { USERNAME_POLICY } from '../../server/auth/login-guard.js';
import { DEFAULT_GUESS_LIMITS, PairingGuard, type GuessLimits } from '../../server/fleet/pairing.js';
import { sharedPairingLimits } from '../../server/cluster/shared-pairing-limits.js';
import { loginLimitKeys, sharedLoginLimits } from '../../server/cluster/shared-login-limits.js';
import { ClusterUnderTest, clusterBackendsUp, redisCommand, TEST_REDIS_URL, type Instance } from '../support/cluster.js';
import { sessionOf } from './staff-support.js';
import { ADMIN_PASSWORD, silentLog } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const cluster = new ClusterUnderTest('pavilion_limits');
/** The key prefixes a test used: their limits' keys are removed after it. */
let used: string[] = [];
const closing = closeAfterEach(async () => {
  for (const prefix of used.splice(0)) {
    const keys = (await redisCommand(['KEYS', `${prefix}:*`])) as string[];
    if (keys.length > 0) await redisCommand(['DEL', ...keys]);
  }
  await cluster.stop();
});

beforeAll(clusterBackendsUp);

/** A Redis connection and a fresh key prefix, for the limits without any server. */
async function sharedAlone() {
  const client = closing(createClient({ url: TEST_REDIS_URL }));
  await client.connect();
  const prefix = `pavilion-test-${randomBytes(4).toString('hex')}`;
  used.push(prefix);
  return { client, prefix, limits: sharedLoginLimits(client, prefix, silentLog) };
}

async function twoInstances(now?: () => Date): Promise<[Instance, Instance]> {
  const started = (await cluster.start(2, undefined, now)) as [Instance, Instance];
  used.push(cluster.prefix);
  return started;
}

/** A clock that stands still until the test moves it, so no wait runs out while scrypt works. */
function stillClock() {
  let t = Date.now();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

async function tryLogin(url: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

describe('login limits shared by the instances of a cluster', () => {
  it('counts failures for one name on every instance together, and the right password starts it afresh', async () => {
    const clock = stillClock();
    const [a, b] = await twoInstances(clock.now);
    const spread = (i: number, password = 'wrong-password') => tryLogin((i % 2 === 0 ? a : b).url, password);

    // Every admitted attempt counts, so the one after the free failures is still answered, and sets the wait.
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect((await spread(i)).status).toBe(401);
    for (const instance of [a, b]) {
      const limited = await tryLogin(instance.url, ADMIN_PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.retryAfter).toBe(String(USERNAME_POLICY.baseDelayMs / 1000));
    }

    clock.advance(USERNAME_POLICY.baseDelayMs);
    expect((await tryLogin(b.url, ADMIN_PASSWORD)).status).toBe(200);
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect((await spread(i)).status).toBe(401);
    expect((await tryLogin(a.url, ADMIN_PASSWORD)).status).toBe(429);
  });

  it('admits a parallel burst one attempt at a time', async () => {
    const { limits } = await sharedAlone();
    const answers = await Promise.all(Array.from({ length: 20 }, () => limits.admit('10.0.0.1', 'mei', 1_000_000)));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(USERNAME_POLICY.freeFailures + 1);
    expect(new Set(answers.filter((wait) => wait > 0))).toEqual(new Set([USERNAME_POLICY.baseDelayMs]));
  });

  it('forgets a key after the policy says, by Redis expiry', async () => {
    const { client, prefix, limits } = await sharedAlone();
    await limits.admit('10.0.0.2', 'Li', 0);
    const [address, name] = loginLimitKeys(prefix, '10.0.0.2', 'li');
    expect(Number(await client.pTTL(name!))).toBeGreaterThan(USERNAME_POLICY.forgetAfterMs - 10_000);
    expect(Number(await client.pTTL(name!))).toBeLessThanOrEqual(USERNAME_POLICY.forgetAfterMs);
    expect(Number(await client.pTTL(address!))).toBeGreaterThan(0);
  });
});

describe('wrong pairing codes counted by the instances of a cluster together', () => {
  it('limits one account after its wrong codes on every instance together', async () => {
    const [a, b] = await twoInstances();
    const sessions = [await sessionOf(a.url), await sessionOf(b.url)];
    // No screen shows any code, so every well-formed one is wrong.
    const pair = (i: number) => sessions[i % 2]!.call('POST', '/api/v1/fleet/pair', { code: 'AAAAAA', name: 'x', venueId: null });
    for (let i = 0; i < DEFAULT_GUESS_LIMITS.perAccount; i++) expect((await pair(i)).status).toBe(404);
    for (const i of [0, 1]) {
      const limited = await pair(i);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('answers the same waits in Redis as one instance does in memory', async () => {
    const { client, prefix } = await sharedAlone();
    const limits: GuessLimits = { perAccount: 3, overall: 5, windowMs: 1000 };
    const shared = sharedPairingLimits(client, prefix, silentLog, limits);
    const memory = new PairingGuard(limits);
    // Failures by three accounts at uneven times, some past the window of the earlier ones.
    let t = 10_000;
    const waits: number[] = [];
    for (let i = 0; i < 40; i++) {
      t += (i * 37) % 300;
      const who = ['ana', 'bo', 'cai'][(i * 7) % 3]!;
      waits.push(memory.waitMs(who, t));
      expect(await shared.waitMs(who, t)).toBe(waits.at(-1));
      if (i % 4 !== 3) {
        await shared.failed(who, t);
        memory.failed(who, t);
      }
    }
    // Both kinds of answer were compared.
    expect(waits.filter((w) => w > 0).length).toBeGreaterThan(5);
    expect(waits.filter((w) => w === 0).length).toBeGreaterThan(5);
  });
});
