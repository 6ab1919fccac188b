import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres/postgres-store.js';
import { SQLITE_FILE, openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Signing } from '../../shared/signing.js';
import { adminQuery, TEST_DATABASE_URL } from '../support/postgres.js';
import { issueToken, postSigning, startServer, tempDir, type TestServer } from '../support/server.js';
import { fillableStore } from '../support/stores.js';

let server: TestServer | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function readiness(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
}

async function expectUnavailable(url: string, token: string) {
  const { res, body } = await postSigning(url, token);
  expect(res.status).toBe(503);
  expect(body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/try again/) } });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('a database that cannot take writes', () => {
  it('SQLite, disk full: 503 unavailable with Retry-After and not ready, until a commit succeeds again', async () => {
    const dir = tempDir();
    const { state, store } = fillableStore(openSqliteStore(dir));
    server = await startServer({ store, dataDir: dir });
    const token = await issueToken(server.url, 'staff');
    expect((await readiness(server.url)).status).toBe(200);

    state.full = true;
    await expectUnavailable(server.url, token);
    expect(await readiness(server.url)).toEqual({ status: 503, body: { status: 'unavailable', checks: { database: 'ok', writes: 'failing' } } });

    state.full = false;
    expect((await postSigning(server.url, token)).res.status).toBe(201);
    expect(await readiness(server.url)).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok' } } });
  });

  it('SQLite, locked by another process past the busy timeout: 503 unavailable, ready again once it lets go', async () => {
    const dir = tempDir();
    server = await startServer({ dataDir: dir });
    const token = await issueToken(server.url, 'staff');
    const other = new Database(path.join(dir, SQLITE_FILE));
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');

    await expectUnavailable(server.url, token);
    expect((await readiness(server.url)).body.checks).toMatchObject({ writes: 'failing' });

    other.exec('ROLLBACK');
    expect((await postSigning(server.url, token)).res.status).toBe(201);
    expect((await readiness(server.url)).status).toBe(200);
  }, 20_000);

  it('without writes, readiness comes back after 30 s so that a balancer sends the write that tells', async () => {
    const dir = tempDir();
    const { state, store } = fillableStore(openSqliteStore(dir));
    let clock = Date.parse('2024-06-20T10:00:00Z');
    server = await startServer({ store, dataDir: dir, now: () => new Date(clock) });
    const token = await issueToken(server.url, 'staff');
    state.full = true;
    await expectUnavailable(server.url, token);
    clock += 29_000;
    expect((await readiness(server.url)).status).toBe(503);
    clock += 2000;
    expect((await readiness(server.url)).status).toBe(200);
    await expectUnavailable(server.url, token);
    expect((await readiness(server.url)).status).toBe(503);
  });

  it('SQLite refusing a write inside a batch (locked) fails the batch, not the operation alone', async () => {
    const dir = tempDir();
    const store = openSqliteStore(dir);
    cleanups.push(() => store.close());
    const other = new Database(path.join(dir, SQLITE_FILE));
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');
    const signing = { id: 'fault-1', status: 'published', createdAt: new Date().toISOString() } as Signing;
    await expect(store.commit([{ type: 'signing.create', actor: 'test', idempotencyKey: 'k', requestHash: 'h', signing }])).rejects.toMatchObject({
      code: expect.stringMatching(/^SQLITE_BUSY/),
    });
  }, 20_000);

  it('PostgreSQL switched to read-only: 503 unavailable with Retry-After and not ready, ready again once writable', async () => {
    // A database of its own: read-only applies to the whole database, and others use `test`.
    const name = `pavilion_faults_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE "${name}"`);
    cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined));
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const store = openPostgresStore({ connectionString: url.toString(), poolSize: 2, onError: () => undefined });
    server = await startServer({ store });
    const token = await issueToken(server.url, 'staff');
    expect((await postSigning(server.url, token)).res.status).toBe(201);

    // The setting reaches new sessions: end the pool's, as a failover to a standby would.
    const readOnly = async (on: boolean) => {
      await adminQuery(`ALTER DATABASE "${name}" ${on ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only'}`);
      await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    };
    await readOnly(true);
    await expect.poll(async () => (await postSigning(server!.url, token)).body['error']?.code, { timeout: 5000 }).toBe('unavailable');
    await expectUnavailable(server.url, token);
    expect((await readiness(server.url)).body.checks).toMatchObject({ writes: 'failing' });

    await readOnly(false);
    await expect.poll(async () => (await postSigning(server!.url, token)).res.status, { timeout: 5000 }).toBe(201);
    expect((await readiness(server.url)).status).toBe(200);
  });

  it('PostgreSQL refusing a write as read-only (25006) inside a batch fails the batch, not the operation alone', async () => {
    const name = `pavilion_faults_${process.pid}_${Date.now()}_b`;
    await adminQuery(`CREATE DATABASE "${name}"`);
    cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined));
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const store = openPostgresStore({ connectionString: url.toString(), poolSize: 1, onError: () => undefined });
    cleanups.push(() => store.close());
    await store.migrate();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    cleanups.push(() => client.end());
    await client.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = on`);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> ${(await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid}`);
    const signing = { id: 'fault-1', status: 'published', createdAt: new Date().toISOString() } as Signing;
    await expect(
      (async () => {
        // The pool's connection may have been ended under it; the next one is read-only.
        for (let attempt = 0; ; attempt++) {
          try {
            return await store.commit([{ type: 'signing.create', actor: 'test', idempotencyKey: `k${attempt}`, requestHash: 'h', signing }]);
          } catch (error) {
            if ((error as { code?: string }).code === '25006' || attempt > 5) throw error;
          }
        }
      })(),
    ).rejects.toMatchObject({ code: '25006' });
  });
});
