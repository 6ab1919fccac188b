/** The column types of the shared schema, spelt as PostgreSQL spells them. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'smallint' | 'jsonb' | 'boolean' | 'bytea' | 'bigserial PRIMARY KEY';

const COLUMN_TYPE = /^(\s+\w+ |  ALTER TABLE \w+ ADD COLUMN \w+ )(text|integer|bigint|smallint|jsonb|boolean|bytea|bigserial PRIMARY KEY)\b/gm;

/** Where the two schemas differ beyond column types. */
export interface SchemaDialect {
  /** How this database spells each column type. */
  types: Record<ColumnType, string>;
  /** Whether tables always read by their primary key are stored clustered on it (SQLite's WITHOUT ROWID). */
  clustered: boolean;
  /** The change log, whose key is the seq, with whatever numbers it (in this database's spelling, like the fields below). */
  changes: string;
  /** Usernames are unique whatever their case: a column constraint, or an index after the table. */
  username: { constraints: string; index: string };
  /** Run right after the attendance settings table is created. */
  attendanceSettings: string;
  /** The fifth migration, which each database took its own way. */
  fifth: string;
}

/** Versioned schema; each database records how many of these it has applied. Never edit or reorder one. */
export function schemaMigrations(d: SchemaDialect): readonly string[] {
  return shared(d).map((sql) => {
    const spelt = sql.replace(COLUMN_TYPE, (_, column: string, type: ColumnType) => column + d.types[type]);
    return d.clustered ? spelt : spelt.replaceAll(' WITHOUT ROWID;', ';');
  });
}

/** Written as PostgreSQL spells column types, with SQLite's WITHOUT ROWID where it applies. */
function shared(d: SchemaDialect): string[] {
  return [
    `
${d.changes}  CREATE TABLE signings (
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
    username text ${d.username.constraints},
    password_hash text NOT NULL,
    role text NOT NULL,
    created_at text NOT NULL
  );
${d.username.index}  CREATE TABLE sessions (
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
    `
  CREATE TABLE attendance_settings (
    key text PRIMARY KEY,
    value bytea NOT NULL
  );
${d.attendanceSettings}  CREATE TABLE attendance_batches (
    gate_id text NOT NULL,
    batch_id text NOT NULL,
    PRIMARY KEY (gate_id, batch_id)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_readings (
    gate_id text NOT NULL,
    at_ms bigint NOT NULL,
    hour text NOT NULL,
    entries_total bigint NOT NULL,
    exits_total bigint NOT NULL,
    entries_delta integer NOT NULL,
    exits_delta integer NOT NULL,
    PRIMARY KEY (gate_id, at_ms)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_scans (
    gate_id text NOT NULL,
    at_ms bigint NOT NULL,
    badge bytea NOT NULL,
    direction smallint NOT NULL,
    PRIMARY KEY (gate_id, at_ms, badge, direction)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_badges (
    badge bytea NOT NULL,
    venue_id text NOT NULL,
    day text NOT NULL,
    PRIMARY KEY (badge, venue_id, day)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_flows (
    gate_id text NOT NULL,
    hour text NOT NULL,
    venue_id text NOT NULL,
    entries integer NOT NULL,
    exits integer NOT NULL,
    PRIMARY KEY (gate_id, hour)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_uniques (
    venue_id text NOT NULL,
    day text NOT NULL,
    badges integer NOT NULL,
    PRIMARY KEY (venue_id, day)
  ) WITHOUT ROWID;
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
  ) WITHOUT ROWID;
  `,
    d.fifth,
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
  ) WITHOUT ROWID;
  CREATE TABLE gate_reports (
    gate_id text PRIMARY KEY,
    last_at text NOT NULL
  ) WITHOUT ROWID;
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
    // The event as data: the stored event with its version, exhibitors, archived editions.
    `
  CREATE TABLE event_config (
    id smallint PRIMARY KEY CHECK (id = 1),
    version integer NOT NULL,
    data jsonb NOT NULL
  );
  CREATE TABLE exhibitors (
    position integer PRIMARY KEY,
    name text NOT NULL,
    country text NOT NULL,
    area_id text,
    booth text
  );
  CREATE TABLE editions (
    id text PRIMARY KEY,
    archived_at text NOT NULL,
    data jsonb NOT NULL
  );
`,
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
}
