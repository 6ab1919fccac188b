import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Signing } from '../../../shared/signing.js';
import type { SigningPage, Store } from '../types.js';
import type { Change, OpHandlers, WriteOp, WriteResult } from '../operations.js';
import { sqliteAccounts } from './accounts.js';
import { sqliteCeremonies, sqliteCeremonyOps, sqliteCeremonyRuns } from './ceremonies.js';
import { BadgeSightings } from '../../attendance/sightings.js';
import { loadSightings, reserveSightings, sqliteAttendanceOps, sqliteAttendanceRead } from './attendance.js';
import { changeAppender } from './changes.js';
import { sqliteFleet } from './fleet.js';
import { sqliteEventOps, sqliteEvents } from './events.js';
import { sqliteAlerts, sqliteOperatorAudit } from './alerts.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { listSigningChanges } from './audit.js';
import { sqliteSigningOps } from './signings.js';
import { isStoreUnavailable } from '../unavailable.js';
import { containsPattern } from '../like.js';

export const SQLITE_FILE = 'pavilion.db';

interface SigningRow {
  data: string;
  created_seq: number;
  request_hash: string;
}

interface ChangeRow {
  seq: number;
  type: Change['type'];
  at: string;
  actor: string;
  payload: string;
}

/** SQLite's page cache per database: 16 MB, the largest part of Pavilion's memory outside the JavaScript heap. */
const PAGE_CACHE_KIB = 16_000;

/**
 * The data folder holds password hashes, token hashes and the badge key: owner only. SQLite
 * gives its WAL and shared-memory files the database file's mode, so creating that 0600 first
 * covers them; files from an older start are tightened too.
 */
function ownerOnly(dataDir: string, file: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dataDir, 0o700);
  } catch (error) {
    // A folder someone else owns (and lets us write to) stays as its owner set it.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
}

/**
 * The embedded store. WAL with synchronous=FULL: a commit has reached the disk before
 * `commit` returns, so an acknowledged write survives `kill -9` and power loss alike.
 */
export function openSqliteStore(dataDir: string): Store {
  const file = path.join(dataDir, SQLITE_FILE);
  ownerOnly(dataDir, file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // SQLite keeps the pages it writes in its cache, so memory grows with the database until
  // this cap (about 1.4 KB per signing), then stays flat. Set here, not left to how
  // better-sqlite3 happens to be compiled, so the bound is ours and written down.
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);

  const migrate = () => {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => {
      SQLITE_MIGRATIONS.slice(version).forEach((sql) => db.exec(sql));
      db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    })();
  };
  migrate();

  const appendChange = changeAppender(db);
  // Distinct visitors are counted in memory; its changes are undone with the savepoint or transaction that made them.
  const sightings = new BadgeSightings();
  const sightingsLoaded = loadSightings(db, sightings);
  // Scans await it; until one does, a failure must not count as unhandled.
  sightingsLoaded.catch(() => undefined);
  const handlers: OpHandlers = { ...sqliteSigningOps(db, appendChange), ...sqliteAttendanceOps(db, appendChange, sightings), ...sqliteEventOps(db, appendChange),
    ...sqliteCeremonyOps(db, appendChange),
  };
  // Each handler answers its own kind of op (OpHandlers); indexing by `op.type` loses that pairing for the compiler.
  const applyOp = (op: WriteOp): WriteResult => (handlers[op.type] as (op: WriteOp) => WriteResult)(op);

  // Each operation runs in its own savepoint so that one failure does not undo the others.
  const commitBatch = db.transaction((ops: WriteOp[]) =>
    ops.map((op) => {
      const mark = sightings.mark();
      try {
        return db.transaction(applyOp)(op);
      } catch (error) {
        sightings.undoTo(mark);
        // A full disk or a read-only file is no fault of this operation: the batch fails whole.
        if (isStoreUnavailable(error)) throw error;
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );

  const store: Store = {
    accounts: sqliteAccounts(db),
    ceremonies: sqliteCeremonies(db),
    ceremonyRuns: sqliteCeremonyRuns(db),
    fleet: sqliteFleet(db),
    events: sqliteEvents(db),
    attendance: sqliteAttendanceRead(db),
    alerts: sqliteAlerts(db),
    operatorAudit: sqliteOperatorAudit(db),
    async migrate() {
      migrate();
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async commit(ops) {
      if (ops.some((op) => op.type === 'attendance.scans')) await sightingsLoaded;
      reserveSightings(sightings, ops);
      try {
        const results = commitBatch(ops);
        sightings.settle();
        return results;
      } catch (error) {
        sightings.undoTo(0);
        throw error;
      }
    },
    async lastSeq() {
      const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
      return row?.seq ?? 0;
    },
    async changesSince(seq, limit) {
      const rows = db
        .prepare<[number, number], ChangeRow>('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(seq, limit);
      return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ...JSON.parse(r.payload) }) as Change);
    },
    async advanceSeq(seq) {
      db.transaction(() => {
        db.prepare("INSERT INTO sqlite_sequence (name, seq) SELECT 'changes', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes')").run();
        db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'changes'").run(seq);
      })();
    },
    async changesUntil(at, afterSeq, limit) {
      const rows = db
        .prepare<[number, string, number], ChangeRow>('SELECT * FROM changes WHERE seq > ? AND at <= ? ORDER BY seq LIMIT ?')
        .all(afterSeq, at, limit);
      return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ...JSON.parse(r.payload) }) as Change);
    },
    async countedSignings() {
      return db
        .prepare<[], { data: string }>("SELECT data FROM signings WHERE status = 'published' ORDER BY created_seq")
        .all()
        .map((r) => JSON.parse(r.data) as Signing);
    },
    async listSignings({ limit, before, includeUncounted, search }): Promise<SigningPage> {
      // SQLite's LIKE ignores case for Latin letters only, as PostgreSQL's ILIKE does for them.
      const matching = search
        ? "AND (json_extract(data, '$.title') LIKE @pattern ESCAPE '\\' OR json_extract(data, '$.investor') LIKE @pattern ESCAPE '\\' OR json_extract(data, '$.partner') LIKE @pattern ESCAPE '\\')"
        : '';
      const rows = db
        .prepare<[{ before: number; limit: number; pattern?: string }], SigningRow>(
          `SELECT data, created_seq, request_hash FROM signings
           WHERE created_seq < @before ${includeUncounted ? '' : "AND status = 'published'"} ${matching}
           ORDER BY created_seq DESC LIMIT @limit`,
        )
        .all({ before: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1, ...(search ? { pattern: containsPattern(search) } : {}) });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => JSON.parse(r.data) as Signing),
        ...(rows.length > limit && last ? { next: last.created_seq } : {}),
      };
    },
    async getSigning(id) {
      const row = db.prepare<[string], { data: string }>('SELECT data FROM signings WHERE id = ?').get(id);
      return row && (JSON.parse(row.data) as Signing);
    },
    async listSigningChanges(query) {
      return listSigningChanges(db, query);
    },
    async close() {
      db.close();
    },
  };
  return store;
}
