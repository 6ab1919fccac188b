import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, RecordingScreen, TcpBalancer } from '../support/cluster.js';
import { adminQuery, TEST_DATABASE_URL } from '../support/postgres.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { ADMIN_PASSWORD, issueToken, sampleSigning, sentKeyOf } from '../support/server.js';
import { freePort } from '../support/nginx.js';

/**
 * Three production servers as separate processes on one PostgreSQL database and a Redis of
 * the test's own, so that one instance can be killed with SIGKILL and Redis restarted for
 * real while signings flow and screens listen through a balancer.
 */
const database = `pavilion_proc_${process.pid}_${randomBytes(3).toString('hex')}`;
const cleanup: Array<() => Promise<void> | void> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(
    () => new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').on('connect', function (this: net.Socket) { this.destroy(); resolve(true); }).on('error', () => resolve(false))),
    10_000,
    'redis-server to listen',
  );
  return child;
}

const databaseUrl = () => TEST_DATABASE_URL.replace(/\/[^/]+$/, `/${database}`);

async function query<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('instances as processes', () => {
  it('loses nothing acknowledged when an instance is killed -9 and Redis restarts, and every screen ends exact', { timeout: 90_000 }, async () => {
    await adminQuery(`CREATE DATABASE "${database}"`);
    cleanup.push(async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    });
    const redisPort = await freePort();
    let redis = await startRedis(redisPort);
    cleanup.push(() => void redis.kill('SIGKILL'));

    const env = { DATABASE_URL: databaseUrl(), REDIS_URL: `redis://127.0.0.1:${redisPort}`, PAVILION_ADMIN_PASSWORD: ADMIN_PASSWORD };
    // Started together: they race to migrate the empty database.
    const instances: ServerProcess[] = await Promise.all([1, 2, 3].map(() => startServerProcess(env)));
    cleanup.push(() => instances.forEach((i) => i.child.kill('SIGKILL')));
    const ports = instances.map((i) => Number(new URL(i.url).port));
    const balancer = new TcpBalancer(ports);
    const screensUrl = await balancer.listen();
    cleanup.push(() => balancer.close());
    const screens = Array.from({ length: 9 }, () => new RecordingScreen(screensUrl));
    cleanup.push(() => screens.forEach((s) => s.close()));
    await eventually(() => screens.every((s) => s.lastSeq >= 0), 10_000, 'snapshots');

    const token = await issueToken(instances[0]!.url, 'staff');
    const alive = new Set(instances);
    const acked = new Map<string, string>();
    const unsure = new Map<string, unknown>();
    let stop = false;
    let n = 0;
    /** One attempt; false when the answer never came or was not a 201 (the outcome is then unknown). */
    const post = async (target: ServerProcess, key: string, body: unknown): Promise<boolean> => {
      try {
        const res = await fetch(`${target.url}/api/v1/signings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
          body: JSON.stringify(body),
        });
        if (res.status !== 201) throw new Error(`status ${res.status}`);
        acked.set(key, ((await res.json()) as { signing: { id: string } }).signing.id);
        unsure.delete(key);
        return true;
      } catch {
        unsure.set(key, body);
        return false;
      }
    };
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** As a staff desk does: the same key again, on any live instance, until it is answered. */
    const settle = async (key: string, body: unknown, deadline: number) => {
      for (let attempt = 0; Date.now() < deadline; attempt++) {
        const targets = [...alive];
        if (await post(targets[attempt % targets.length]!, key, body)) return;
        await pause(50);
      }
    };
    const writer = async () => {
      while (!stop) {
        await settle(randomUUID(), sampleSigning({ amount: 1e8 + ++n }), Date.now() + 60_000);
      }
    };
    const writing = Promise.all([writer(), writer(), writer()]);

    await new Promise((r) => setTimeout(r, 1000));
    const victim = instances[2]!;
    alive.delete(victim);
    balancer.remove(ports[2]!);
    victim.child.kill('SIGKILL');
    await victim.exited;

    await new Promise((r) => setTimeout(r, 1000));
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 700));
    redis = await startRedis(redisPort);

    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await writing;
    for (const [key, body] of [...unsure]) await settle(key, body, Date.now() + 30_000);

    // Only the victim may have died: a survivor that exited shows what it printed.
    for (const instance of alive) expect(instance.child.exitCode, instance.output().slice(-3000)).toBeNull();
    const rows = await query<{ key: string; id: string }>('SELECT idempotency_key AS key, id FROM signings');
    const [last] = await query<{ seq: string }>('SELECT max(seq) AS seq FROM changes');
    const seq = Number(last!.seq);
    const byKey = new Map(rows.map((r) => [sentKeyOf(r.key), r.id]));
    const lost = [...acked].filter(([key, id]) => byKey.get(key) !== id);
    console.log(`cluster processes: ${acked.size} acknowledged, ${rows.length} stored, ${lost.length} lost, last seq ${seq}`);
    expect(acked.size).toBeGreaterThan(20);
    expect(unsure.size, instances.map((i) => i.output()).join('\n---\n').slice(-4000)).toBe(0);
    expect(lost).toEqual([]);
    expect(rows).toHaveLength(acked.size);

    const dbSummary = await (await fetch(`${instances[0]!.url}/api/v1/summary`)).json();
    await eventually(() => screens.every((s) => s.socket.connected && s.lastSeq === seq), 20_000, 'every screen at the last seq');
    for (const screen of screens) {
      expect(screen.summary?.signings).toEqual({ count: rows.length, amountCny: dbSummary.signings.amountCny });
      expect(new Set(screen.seen).size).toBe(screen.seen.length);
      expect(screen.seen).toEqual([...screen.seen].sort((a, b) => a - b));
    }
    for (const instance of [...alive]) {
      const summary = await (await fetch(`${instance.url}/api/v1/summary`)).json();
      expect(summary.signings).toEqual(dbSummary.signings);
      expect(summary.seq).toBe(seq);
      // Redis is back: the survivors say they are ready again.
      await eventually(async () => (await fetch(`${instance.url}/readyz`)).status === 200, 10_000, 'ready after the Redis restart');
    }
  });
});
