import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { schemaMigrations } from '../sql/schema.js';

/** Versioned schema; the `pavilion_migrations` table records how far a database has come. */
export const POSTGRES_MIGRATIONS = schemaMigrations({
  types: {
    text: 'text',
    integer: 'integer',
    bigint: 'bigint',
    smallint: 'smallint',
    jsonb: 'jsonb',
    boolean: 'boolean',
    bytea: 'bytea',
    'bigserial PRIMARY KEY': 'bigserial PRIMARY KEY',
  },
  clustered: false,
  changes: `  CREATE SEQUENCE changes_seq AS bigint;
  CREATE TABLE changes (
    seq bigint PRIMARY KEY DEFAULT nextval('changes_seq'),
    type text NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    payload jsonb NOT NULL
  );
  ALTER SEQUENCE changes_seq OWNED BY changes.seq;
`,
  username: { constraints: 'NOT NULL', index: '  CREATE UNIQUE INDEX users_username ON users (lower(username));\n' },
  // The badge hash key is inserted by migratePostgres from Node's CSPRNG (no pgcrypto needed).
  attendanceSettings: '',
  // The seq a data set continues from when it takes over from another (see Store.advanceSeq).
  fifth: `
  CREATE TABLE seq_floor (
    id smallint PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL
  );
  `,
});

/** First key of every advisory lock Pavilion takes, so that they cannot collide with another app's. */
export const LOCK_NAMESPACE = 0x70617600;

export const LockKind = { migrate: 1, seq: 2 } as const;

/** A stable 31-bit key per schema, so that schemas on one server do not block each other. */
export function schemaLockKey(schema: string, kind: number): number {
  let h = kind;
  for (const ch of schema) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Applies missing migrations under a session advisory lock: instances starting at once
 * wait for each other instead of racing to create the same tables.
 */
export async function migratePostgres(pool: Pool, schema: string, migrations = POSTGRES_MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  const key = schemaLockKey(schema, LockKind.migrate);
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, key]);
    try {
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS pavilion_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM pavilion_migrations');
      const from = rows[0]?.v ?? 0;
      for (const [i, sql] of migrations.entries()) {
        if (i < from) continue;
        await client.query(sql);
        await client.query('INSERT INTO pavilion_migrations (version) VALUES ($1)', [i + 1]);
      }
      await client.query(
        "INSERT INTO attendance_settings (key, value) VALUES ('badge_hash_key', $1) ON CONFLICT DO NOTHING",
        [randomBytes(32)],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
    }
  } finally {
    client.release();
  }
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names come from configuration; only plain lower-case identifiers are accepted. */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`invalid PostgreSQL schema name "${name}"`);
  return `"${name}"`;
}
