import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../server/store/postgres/postgres-store.js';
import type { Store } from '../../server/store/types.js';

/** CI must run PostgreSQL; these tests fail, never skip, when it is not there. */
export const TEST_DATABASE_URL = process.env.PAVILION_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function uniqueSchema(prefix = 'pavilion_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function openTestStore(schema: string): Store {
  return openPostgresStore({ connectionString: TEST_DATABASE_URL, schema, poolSize: 4 });
}

/** Runs one statement on a throwaway connection (schema setup and teardown) and returns its rows. */
export async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Names of the databases on the test server, sorted. */
export async function listDatabases(): Promise<string[]> {
  return (await adminQuery<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname')).map((r) => r.datname);
}

export async function dropSchema(schema: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(schema)) throw new Error(`odd schema name ${schema}`);
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
