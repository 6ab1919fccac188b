import { SQLITE_EVENT_MIGRATION } from './events.js';
/** Versioned schema; `PRAGMA user_version` records how far a database has come. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE TABLE signings (
    id TEXT PRIMARY KEY,
    created_seq INTEGER NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX signings_status ON signings (status, created_seq);
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    label TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
  );
  `,
  // Attendance: raw scans and counter readings for idempotency, aggregates for a fast start.
  `
  CREATE TABLE attendance_settings (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
  INSERT INTO attendance_settings (key, value) VALUES ('badge_hash_key', randomblob(32));
  CREATE TABLE attendance_batches (
    gate_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    PRIMARY KEY (gate_id, batch_id)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_readings (
    gate_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    hour TEXT NOT NULL,
    entries_total INTEGER NOT NULL,
    exits_total INTEGER NOT NULL,
    entries_delta INTEGER NOT NULL,
    exits_delta INTEGER NOT NULL,
    PRIMARY KEY (gate_id, at_ms)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_scans (
    gate_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    badge BLOB NOT NULL,
    direction INTEGER NOT NULL,
    PRIMARY KEY (gate_id, at_ms, badge, direction)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_badges (
    badge BLOB NOT NULL,
    venue_id TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (badge, venue_id, day)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_flows (
    gate_id TEXT NOT NULL,
    hour TEXT NOT NULL,
    venue_id TEXT NOT NULL,
    entries INTEGER NOT NULL,
    exits INTEGER NOT NULL,
    PRIMARY KEY (gate_id, hour)
  ) WITHOUT ROWID;
  CREATE TABLE attendance_uniques (
    venue_id TEXT NOT NULL,
    day TEXT NOT NULL,
    badges INTEGER NOT NULL,
    PRIMARY KEY (venue_id, day)
  ) WITHOUT ROWID;
  `,
  // User management: a disabled user keeps their history but can no longer log in.
  `
  ALTER TABLE users ADD COLUMN disabled_at TEXT;
  `,
  // Screen fleet: what organizers assigned to a screen, a venue or all screens.
  `
  CREATE TABLE fleet_assignments (
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (target, kind)
  ) WITHOUT ROWID;
  `,
  // Distinct visitors are counted in memory (server/attendance/sightings.ts). First sightings
  // are appended here, the first 8 bytes of each hash packed into one row per venue, day and
  // write: no random-key write on disk per scan, and a start reads a few rows, not millions.
  `
  CREATE TABLE attendance_sightings (
    venue_id TEXT NOT NULL,
    day TEXT NOT NULL,
    badges BLOB NOT NULL
  );
  INSERT INTO attendance_sightings (venue_id, day, badges)
    SELECT venue_id, day, substr(badge, 1, 8) FROM attendance_badges WHERE venue_id <> '*' AND day <> '*';
  DROP TABLE attendance_badges;
  `,
  // Alerts (one open per kind and subject), webhooks and their outbox, gates' last reports,
  // and what operators did (server/alerts/, server/webhooks/, docs/API.md "Alerts").
  `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    cleared_at TEXT,
    acked_by TEXT,
    acked_at TEXT
  );
  CREATE UNIQUE INDEX alerts_open ON alerts (kind, subject) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_by_subject ON alerts (kind, subject, cleared_at);
  CREATE INDEX alerts_raised ON alerts (raised_at);
  CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    format TEXT NOT NULL,
    kinds TEXT,
    secret TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    alert_id TEXT NOT NULL,
    transition TEXT NOT NULL,
    alert TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
  CREATE INDEX webhook_deliveries_of ON webhook_deliveries (webhook_id, id);
  CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (alert_id);
  CREATE TABLE webhook_attempts (
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    status INTEGER,
    ok INTEGER NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
  ) WITHOUT ROWID;
  CREATE TABLE gate_reports (
    gate_id TEXT PRIMARY KEY,
    last_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE operator_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    after_seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE INDEX operator_audit_order ON operator_audit (after_seq, id);
  `,
  // The event as data: the stored event with its version, exhibitors, archived editions (server/store/sqlite/events.ts).
  SQLITE_EVENT_MIGRATION,
  // Signing ceremonies: definitions (shared with the rehearsal), and what happened on stage
  // (written with the signings, in the same transaction). See docs/CEREMONIES.md.
  `
  CREATE TABLE ceremonies (
    id TEXT PRIMARY KEY,
    starts_at TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE ceremony_items (
    id TEXT PRIMARY KEY,
    ceremony_id TEXT NOT NULL REFERENCES ceremonies (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX ceremony_items_order ON ceremony_items (ceremony_id, position);
  CREATE TABLE ceremony_operators (
    user_id TEXT PRIMARY KEY,
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
  );
  CREATE TABLE ceremony_runs (
    ceremony_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE ceremony_signed (
    item_id TEXT PRIMARY KEY,
    ceremony_id TEXT NOT NULL,
    signing_id TEXT NOT NULL UNIQUE,
    sign_key TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    seq INTEGER NOT NULL
  );
  CREATE INDEX ceremony_signed_of ON ceremony_signed (ceremony_id, seq);
  `,
];
