import { schemaMigrations } from '../sql/schema.js';

/** Versioned schema; `PRAGMA user_version` records how far a database has come. */
export const SQLITE_MIGRATIONS = schemaMigrations({
  types: {
    text: 'TEXT',
    integer: 'INTEGER',
    bigint: 'INTEGER',
    smallint: 'INTEGER',
    jsonb: 'TEXT',
    boolean: 'INTEGER',
    bytea: 'BLOB',
    'bigserial PRIMARY KEY': 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  clustered: true,
  changes: `  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL
  );
`,
  username: { constraints: 'NOT NULL UNIQUE COLLATE NOCASE', index: '' },
  attendanceSettings: "  INSERT INTO attendance_settings (key, value) VALUES ('badge_hash_key', randomblob(32));\n",
  // Distinct visitors are counted in memory (server/attendance/sightings.ts). First sightings
  // are appended here, the first 8 bytes of each hash packed into one row per venue, day and
  // write: no random-key write on disk per scan, and a start reads a few rows, not millions.
  fifth: `
  CREATE TABLE attendance_sightings (
    venue_id TEXT NOT NULL,
    day TEXT NOT NULL,
    badges BLOB NOT NULL
  );
  INSERT INTO attendance_sightings (venue_id, day, badges)
    SELECT venue_id, day, substr(badge, 1, 8) FROM attendance_badges WHERE venue_id <> '*' AND day <> '*';
  DROP TABLE attendance_badges;
  `,
});
