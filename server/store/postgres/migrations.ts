import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { POSTGRES_EVENT_MIGRATION } from './events.js';

/** Versioned schema; the `pavilion_migrations` table records how far a database has come. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE SEQUENCE changes_seq AS bigint;
  CREATE TABLE changes (
    seq bigint PRIMARY KEY DEFAULT nextval('changes_seq'),
    type text NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    payload jsonb NOT NULL
  );
  ALTER SEQUENCE changes_seq OWNED BY changes.seq;
  CREATE TABLE signings (
    id text PRIMARY KEY,
    created_seq bigint NOT NULL UNIQUE,
    seq bigint NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    request_hash text NOT NULL,
    status text NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX signings_status ON signings (status, created_seq);
  CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL,
    created_at text NOT NULL
  );
  CREATE UNIQUE INDEX users_username ON users (lower(username));
  CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id),
    csrf_token text NOT NULL,
    expires_at text NOT NULL
  );
  CREATE TABLE tokens (
    id text PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    role text NOT NULL,
    label text NOT NULL,
    scope jsonb NOT NULL,
    created_at text NOT NULL,
    created_by text NOT NULL,
    revoked_at text
  );
  `,
  // Attendance: raw scans and counter readings for idempotency, aggregates for a fast start.
  // The badge hash key is inserted by migratePostgres from Node's CSPRNG (no pgcrypto needed).
  `
  CREATE TABLE attendance_settings (
    key text PRIMARY KEY,
    value bytea NOT NULL
  );
  CREATE TABLE attendance_batches (
    gate_id text NOT NULL,
    batch_id text NOT NULL,
    PRIMARY KEY (gate_id, batch_id)
  );
  CREATE TABLE attendance_readings (
    gate_id text NOT NULL,
    at_ms bigint NOT NULL,
    hour text NOT NULL,
    entries_total bigint NOT NULL,
    exits_total bigint NOT NULL,
    entries_delta integer NOT NULL,
    exits_delta integer NOT NULL,
    PRIMARY KEY (gate_id, at_ms)
  );
  CREATE TABLE attendance_scans (
    gate_id text NOT NULL,
    at_ms bigint NOT NULL,
    badge bytea NOT NULL,
    direction smallint NOT NULL,
    PRIMARY KEY (gate_id, at_ms, badge, direction)
  );
  CREATE TABLE attendance_badges (
    badge bytea NOT NULL,
    venue_id text NOT NULL,
    day text NOT NULL,
    PRIMARY KEY (badge, venue_id, day)
  );
  CREATE TABLE attendance_flows (
    gate_id text NOT NULL,
    hour text NOT NULL,
    venue_id text NOT NULL,
    entries integer NOT NULL,
    exits integer NOT NULL,
    PRIMARY KEY (gate_id, hour)
  );
  CREATE TABLE attendance_uniques (
    venue_id text NOT NULL,
    day text NOT NULL,
    badges integer NOT NULL,
    PRIMARY KEY (venue_id, day)
  );
  `,
  // User management: a disabled user keeps their history but can no longer log in.
  `
  ALTER TABLE users ADD COLUMN disabled_at text;
  `,
  // Screen fleet: what organizers assigned to a screen, a venue or all screens.
  `
  CREATE TABLE fleet_assignments (
    target text NOT NULL,
    kind text NOT NULL,
    value jsonb NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (target, kind)
  );
  `,
  // The seq a data set continues from when it takes over from another (see Store.advanceSeq).
  `
  CREATE TABLE seq_floor (
    id smallint PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL
  );
  `,
  // Alerts (one open per kind and subject), webhooks and their outbox, gates' last reports,
  // and what operators did (server/alerts/, server/webhooks/, docs/API.md "Alerts").
  `
  CREATE TABLE alerts (
    id text PRIMARY KEY,
    kind text NOT NULL,
    subject text NOT NULL,
    severity text NOT NULL,
    message jsonb NOT NULL,
    raised_at text NOT NULL,
    cleared_at text,
    acked_by text,
    acked_at text
  );
  CREATE UNIQUE INDEX alerts_open ON alerts (kind, subject) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_by_subject ON alerts (kind, subject, cleared_at);
  CREATE INDEX alerts_raised ON alerts (raised_at);
  CREATE TABLE webhooks (
    id text PRIMARY KEY,
    url text NOT NULL,
    format text NOT NULL,
    kinds jsonb,
    secret text,
    created_at text NOT NULL,
    created_by text NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    id bigserial PRIMARY KEY,
    webhook_id text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    alert_id text NOT NULL,
    transition text NOT NULL,
    alert jsonb NOT NULL,
    state text NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at text,
    lease_until text,
    created_at text NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
  CREATE INDEX webhook_deliveries_of ON webhook_deliveries (webhook_id, id);
  CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (alert_id);
  CREATE TABLE webhook_attempts (
    delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt integer NOT NULL,
    at text NOT NULL,
    status integer,
    ok boolean NOT NULL,
    answer text NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
  );
  CREATE TABLE gate_reports (
    gate_id text PRIMARY KEY,
    last_at text NOT NULL
  );
  CREATE TABLE operator_audit (
    id bigserial PRIMARY KEY,
    after_seq bigint NOT NULL,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    subject text NOT NULL,
    details jsonb NOT NULL
  );
  CREATE INDEX operator_audit_order ON operator_audit (after_seq, id);
  `,
  // The event as data: the stored event with its version, exhibitors, archived editions (server/store/postgres/events.ts).
  POSTGRES_EVENT_MIGRATION,
  // Signing ceremonies: definitions (shared with the rehearsal), and what happened on stage
  // (written with the signings, in the same transaction). See docs/CEREMONIES.md.
  `
  CREATE TABLE ceremonies (
    id text PRIMARY KEY,
    starts_at text NOT NULL,
    data jsonb NOT NULL
  );
  CREATE TABLE ceremony_items (
    id text PRIMARY KEY,
    ceremony_id text NOT NULL REFERENCES ceremonies (id) ON DELETE CASCADE,
    position integer NOT NULL,
    data jsonb NOT NULL,
    created_at text NOT NULL,
    updated_at text NOT NULL
  );
  CREATE INDEX ceremony_items_order ON ceremony_items (ceremony_id, position);
  CREATE TABLE ceremony_operators (
    user_id text PRIMARY KEY,
    granted_by text NOT NULL,
    granted_at text NOT NULL
  );
  CREATE TABLE ceremony_runs (
    ceremony_id text PRIMARY KEY,
    status text NOT NULL,
    started_at text NOT NULL,
    state jsonb NOT NULL
  );
  CREATE TABLE ceremony_signed (
    item_id text PRIMARY KEY,
    ceremony_id text NOT NULL,
    signing_id text NOT NULL UNIQUE,
    sign_key text NOT NULL,
    signed_at text NOT NULL,
    seq bigint NOT NULL
  );
  CREATE INDEX ceremony_signed_of ON ceremony_signed (ceremony_id, seq);
  `,
];

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
