import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Signing } from '../../../shared/signing.js';
import type { Change, CreateSigningOp, SigningPage, Store, WriteOp, WriteResult } from '../types.js';
import { sqliteAccounts } from './accounts.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

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

/**
 * The embedded store. WAL with synchronous=FULL: a commit has reached the disk before
 * `commit` returns, so an acknowledged write survives `kill -9` and power loss alike.
 */
export function openSqliteStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const migrate = () => {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => {
      SQLITE_MIGRATIONS.slice(version).forEach((sql) => db.exec(sql));
      db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    })();
  };
  migrate();

  const insertChange = db.prepare('INSERT INTO changes (type, at, actor, payload) VALUES (?, ?, ?, ?)');
  const signingByKey = db.prepare<[string], SigningRow>(
    'SELECT data, created_seq, request_hash FROM signings WHERE idempotency_key = ?',
  );
  const insertSigning = db.prepare(
    'INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  const appendChange = (change: Omit<Change, 'seq'>): Change => {
    const { type, at, actor, ...payload } = change;
    const seq = Number(insertChange.run(type, at, actor, JSON.stringify(payload)).lastInsertRowid);
    return { ...change, seq } as Change;
  };

  const createSigning = (op: CreateSigningOp): WriteResult => {
    const existing = signingByKey.get(op.idempotencyKey);
    if (existing) {
      if (existing.request_hash !== op.requestHash) return { type: 'idempotency.mismatch', changes: [] };
      return { type: 'signing.replayed', signing: JSON.parse(existing.data) as Signing, seq: existing.created_seq, changes: [] };
    }
    const change = appendChange({
      type: 'signing.created',
      at: op.signing.createdAt,
      actor: op.actor,
      signing: op.signing,
      previous: null,
    });
    const s = op.signing;
    insertSigning.run(s.id, change.seq, change.seq, op.idempotencyKey, op.requestHash, s.status, JSON.stringify(s));
    return { type: 'signing.created', signing: s, seq: change.seq, changes: [change] };
  };

  const applyOp = (op: WriteOp): WriteResult => {
    switch (op.type) {
      case 'signing.create':
        return createSigning(op);
    }
  };

  // Each operation runs in its own savepoint so that one failure does not undo the others.
  const commitBatch = db.transaction((ops: WriteOp[]) =>
    ops.map((op) => {
      try {
        return db.transaction(applyOp)(op);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );

  const store: Store = {
    dialect: 'sqlite',
    accounts: sqliteAccounts(db),
    async migrate() {
      migrate();
    },
    async commit(ops) {
      return commitBatch(ops);
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
    async countedSignings() {
      return db
        .prepare<[], { data: string }>("SELECT data FROM signings WHERE status = 'published' ORDER BY created_seq")
        .all()
        .map((r) => JSON.parse(r.data) as Signing);
    },
    async listSignings({ limit, before, includeUncounted }): Promise<SigningPage> {
      const rows = db
        .prepare<[number, number], SigningRow>(
          `SELECT data, created_seq, request_hash FROM signings
           WHERE created_seq < ? ${includeUncounted ? '' : "AND status = 'published'"}
           ORDER BY created_seq DESC LIMIT ?`,
        )
        .all(before ?? Number.MAX_SAFE_INTEGER, limit + 1);
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
    async close() {
      db.close();
    },
  };
  return store;
}
