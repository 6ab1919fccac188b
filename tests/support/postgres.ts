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

/** Runs one statement on a throwaway connection (schema setup and teardown). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Names of the databases on the test server, sorted. */
export async function listDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY datname');
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(schema)) throw new Error(`odd schema name ${schema}`);
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
