import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { beforeAll, describe, expect, it } from 'vitest';
import { USERNAME_POLICY } from '../../server/auth/login-guard.js';
import { loginLimitKeys, sharedLoginLimits } from '../../server/cluster/shared-login-limits.js';
import { ClusterUnderTest, clusterBackendsUp, redisCommand, TEST_REDIS_URL } from '../support/cluster.js';
import { ADMIN_PASSWORD, silentLog } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const cluster = new ClusterUnderTest('pavilion_limits');
/** The login keys a test wrote, removed with the cluster's own keys. */
let written: string[] = [];
const closing = closeAfterEach(async () => {
  if (written.length > 0) await redisCommand(['DEL', ...written]);
  written = [];
  await cluster.stop();
});

beforeAll(clusterBackendsUp);

/** A Redis connection and a fresh key prefix, for the limits without any server. */
async function sharedAlone() {
  const client = closing(createClient({ url: TEST_REDIS_URL }));
  await client.connect();
  const prefix = `pavilion-test-${randomBytes(4).toString('hex')}`;
  return { client, prefix, limits: sharedLoginLimits(client, prefix, silentLog) };
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
    const [a, b] = await cluster.start(2, undefined, clock.now);
    written = loginLimitKeys(cluster.prefix, '127.0.0.1', 'admin').concat(loginLimitKeys(cluster.prefix, '::ffff:127.0.0.1', 'admin'));
    const spread = (i: number, password = 'wrong-password') => tryLogin((i % 2 === 0 ? a! : b!).url, password);

    // Every admitted attempt counts, so the one after the free failures is still answered, and sets the wait.
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect((await spread(i)).status).toBe(401);
    for (const instance of [a!, b!]) {
      const limited = await tryLogin(instance.url, ADMIN_PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.retryAfter).toBe(String(USERNAME_POLICY.baseDelayMs / 1000));
    }

    clock.advance(USERNAME_POLICY.baseDelayMs);
    expect((await tryLogin(b!.url, ADMIN_PASSWORD)).status).toBe(200);
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect((await spread(i)).status).toBe(401);
    expect((await tryLogin(a!.url, ADMIN_PASSWORD)).status).toBe(429);
  });

  it('admits a parallel burst one attempt at a time', async () => {
    const { prefix, limits } = await sharedAlone();
    written = loginLimitKeys(prefix, '10.0.0.1', 'mei');
    const answers = await Promise.all(Array.from({ length: 20 }, () => limits.admit('10.0.0.1', 'mei', 1_000_000)));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(USERNAME_POLICY.freeFailures + 1);
    expect(new Set(answers.filter((wait) => wait > 0))).toEqual(new Set([USERNAME_POLICY.baseDelayMs]));
  });

  it('forgets a key after the policy says, by Redis expiry', async () => {
    const { client, prefix, limits } = await sharedAlone();
    written = loginLimitKeys(prefix, '10.0.0.2', 'li');
    await limits.admit('10.0.0.2', 'Li', 0);
    const [address, name] = written;
    expect(Number(await client.pTTL(name!))).toBeGreaterThan(USERNAME_POLICY.forgetAfterMs - 10_000);
    expect(Number(await client.pTTL(name!))).toBeLessThanOrEqual(USERNAME_POLICY.forgetAfterMs);
    expect(Number(await client.pTTL(address!))).toBeGreaterThan(0);
  });
});
