import type { Database } from 'better-sqlite3';
import type { Signing } from '../../../shared/signing.js';
import { toItem, type ItemRow } from '../ceremony-rows.js';
import {
  nextState,
  type CeremonyChangeRecord,
  type CeremonyDefinition,
  type CeremonyOp,
  type CeremonyRef,
  type CeremonyRunStore,
  type CeremonyState,
  type CeremonyStore,
  type SignedItem,
} from '../ceremony-types.js';
import type { OpHandlers } from '../operations.js';
import type { AppendChange } from './changes.js';
import { sqliteReplays } from './signings.js';

/** Each row's one column, JSON text, parsed. */
const parsedColumn = <T>(db: Database, sql: string, ...params: string[]): T[] =>
  db
    .prepare<string[], string>(sql)
    .pluck()
    .all(...params)
    .map((text) => JSON.parse(text) as T);

/** Ceremony definitions and operators. */
export function sqliteCeremonies(db: Database): CeremonyStore {
  const items = db.prepare<[string], ItemRow>('SELECT * FROM ceremony_items WHERE ceremony_id = ? ORDER BY position, created_at');
  const setPosition = db.prepare('UPDATE ceremony_items SET position = ? WHERE id = ?');
  const renumber = (ceremonyId: string, ids: string[]) => ids.forEach((id, i) => setPosition.run(i, id));
  const order = (ceremonyId: string) => items.all(ceremonyId).map((r) => r.id);

  return {
    async createCeremony(c: CeremonyDefinition) {
      db.prepare('INSERT INTO ceremonies (id, starts_at, data) VALUES (?, ?, ?)').run(c.id, c.startsAt, JSON.stringify(c));
    },
    async getCeremony(id) {
      return parsedColumn<CeremonyDefinition>(db, 'SELECT data FROM ceremonies WHERE id = ?', id)[0];
    },
    async listCeremonies() {
      return parsedColumn<CeremonyDefinition>(db, 'SELECT data FROM ceremonies ORDER BY starts_at, id');
    },
    async listItems(ceremonyId) {
      return items.all(ceremonyId).map(toItem);
    },
    async addItems(ceremonyId, added) {
      const insert = db.prepare('INSERT INTO ceremony_items (id, ceremony_id, position, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      db.transaction(() => {
        const next = (db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM ceremony_items WHERE ceremony_id = ?').get(ceremonyId)?.n ?? 0);
        added.forEach((item, i) => insert.run(item.id, ceremonyId, next + i, JSON.stringify(item.input), item.createdAt, item.updatedAt));
      })();
    },
    async updateItem(ceremonyId, itemId, input, updatedAt) {
      const result = db
        .prepare('UPDATE ceremony_items SET data = ?, updated_at = ? WHERE id = ? AND ceremony_id = ?')
        .run(JSON.stringify(input), updatedAt, itemId, ceremonyId);
      return result.changes > 0;
    },
    async moveItem(ceremonyId, itemId, position, updatedAt) {
      return db.transaction(() => {
        const ids = order(ceremonyId);
        const from = ids.indexOf(itemId);
        if (from < 0) return false;
        ids.splice(from, 1);
        ids.splice(Math.min(position, ids.length), 0, itemId);
        renumber(ceremonyId, ids);
        db.prepare('UPDATE ceremony_items SET updated_at = ? WHERE id = ?').run(updatedAt, itemId);
        return true;
      })();
    },
    async deleteItem(ceremonyId, itemId) {
      return db.transaction(() => {
        const result = db.prepare('DELETE FROM ceremony_items WHERE id = ? AND ceremony_id = ?').run(itemId, ceremonyId);
        if (result.changes === 0) return false;
        renumber(ceremonyId, order(ceremonyId));
        return true;
      })();
    },
    async isOperator(userId) {
      return db.prepare('SELECT 1 FROM ceremony_operators WHERE user_id = ?').get(userId) !== undefined;
    },
    async listOperators() {
      return db
        .prepare<[], { user_id: string; granted_by: string; granted_at: string }>('SELECT * FROM ceremony_operators ORDER BY granted_at')
        .all()
        .map((r) => ({ userId: r.user_id, grantedBy: r.granted_by, grantedAt: r.granted_at }));
    },
    async grantOperator(userId, grantedBy, grantedAt) {
      db.prepare('INSERT INTO ceremony_operators (user_id, granted_by, granted_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING').run(
        userId,
        grantedBy,
        grantedAt,
      );
    },
    async revokeOperator(userId) {
      return db.prepare('DELETE FROM ceremony_operators WHERE user_id = ?').run(userId).changes > 0;
    },
  };
}

/** What happened on stage, read outside the commit. */
export function sqliteCeremonyRuns(db: Database): CeremonyRunStore {
  return {
    async state(ceremonyId) {
      return parsedColumn<CeremonyState>(db, 'SELECT state FROM ceremony_runs WHERE ceremony_id = ?', ceremonyId)[0] ?? null;
    },
    async states() {
      return parsedColumn<CeremonyState>(db, 'SELECT state FROM ceremony_runs ORDER BY started_at');
    },
    async signedItems(ceremonyId) {
      return db
        .prepare<[string], { item_id: string; signing_id: string; signed_at: string }>(
          'SELECT item_id, signing_id, signed_at FROM ceremony_signed WHERE ceremony_id = ? ORDER BY seq',
        )
        .all(ceremonyId)
        .map((r): SignedItem => ({ itemId: r.item_id, signingId: r.signing_id, signedAt: r.signed_at }));
    },
  };
}

/** Ceremony writes, run inside the batch transaction. */
export function sqliteCeremonyOps(db: Database, appendChange: AppendChange): Pick<OpHandlers, CeremonyOp['type']> {
  const replay = sqliteReplays(db);
  const stateOf = db.prepare<[string], { state: string }>('SELECT state FROM ceremony_runs WHERE ceremony_id = ?');
  const signedIds = db.prepare<[string], { signing_id: string }>('SELECT signing_id FROM ceremony_signed WHERE ceremony_id = ? ORDER BY seq');
  const signedItem = db.prepare<[string, string], { signing_id: string; signed_at: string }>(
    'SELECT signing_id, signed_at FROM ceremony_signed WHERE item_id = ? AND ceremony_id = ?',
  );
  const saveState = db.prepare(
    `INSERT INTO ceremony_runs (ceremony_id, status, started_at, state) VALUES (@id, @status, @startedAt, @state)
     ON CONFLICT (ceremony_id) DO UPDATE SET status = excluded.status, state = excluded.state`,
  );
  const signingById = db.prepare<[string], { data: string }>('SELECT data FROM signings WHERE id = ?');

  const current = (id: string): CeremonyState | null => {
    const row = stateOf.get(id);
    return row ? (JSON.parse(row.state) as CeremonyState) : null;
  };

  /** Stores the new state and appends the change screens hear it by. */
  const record = (ref: CeremonyRef, before: CeremonyState | null, status: CeremonyState['status'], at: string, actor: string): CeremonyChangeRecord => {
    const state = nextState(ref, before, status, signedIds.all(ref.id).map((r) => r.signing_id), at);
    saveState.run({ id: ref.id, status: state.status, startedAt: state.startedAt, state: JSON.stringify(state) });
    return appendChange({ type: 'ceremony', at, actor, ceremony: state }) as CeremonyChangeRecord;
  };

  return {
    'ceremony.sign'(op) {
      const replayed = replay(op.idempotencyKey, op.requestHash);
      if (replayed) return replayed;
      const before = current(op.ceremony.id);
      if (before?.status !== 'running') return { type: 'ceremony.refused', reason: 'not-running', changes: [] };
      if (signedItem.get(op.itemId, op.ceremony.id)) return { type: 'ceremony.refused', reason: 'already-signed', changes: [] };
      const s = op.signing;
      // The ceremony's change comes first: the fold then knows the signing is the ceremony's when it counts.
      db.prepare('INSERT INTO ceremony_signed (item_id, ceremony_id, signing_id, sign_key, signed_at, seq) VALUES (?, ?, ?, ?, ?, ?)').run(
        op.itemId,
        op.ceremony.id,
        s.id,
        op.idempotencyKey,
        s.signedAt,
        0,
      );
      const ceremonyChange = record(op.ceremony, before, 'running', s.createdAt, op.actor);
      const change = appendChange({ type: 'signing.created', at: s.createdAt, actor: op.actor, signing: s, previous: null });
      db.prepare('INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        s.id,
        change.seq,
        change.seq,
        op.idempotencyKey,
        op.requestHash,
        s.status,
        JSON.stringify(s),
      );
      db.prepare('UPDATE ceremony_signed SET seq = ? WHERE item_id = ?').run(change.seq, op.itemId);
      return { type: 'signing.created', signing: s, seq: change.seq, changes: [ceremonyChange, change] };
    },

    'ceremony.undo'(op) {
      const row = signedItem.get(op.itemId, op.ceremony.id);
      const before = current(op.ceremony.id);
      if (!row || !before) return { type: 'ceremony.refused', reason: 'not-signed', changes: [] };
      if (row.signed_at < op.signedSince) return { type: 'ceremony.refused', reason: 'window-passed', changes: [] };
      const signing = JSON.parse(signingById.get(row.signing_id)!.data) as Signing;
      db.prepare('DELETE FROM ceremony_signed WHERE item_id = ?').run(op.itemId);
      // Voided meanwhile through the signings API: it no longer counts, the item only goes back.
      if (signing.status === 'voided') {
        const ceremonyChange = record(op.ceremony, before, before.status, op.at, op.actor);
        return { type: 'signing.revised', signing, seq: ceremonyChange.seq, changes: [ceremonyChange] };
      }
      const voided: Signing = { ...signing, status: 'voided', version: signing.version + 1, updatedAt: op.at };
      const change = appendChange({ type: 'signing.voided', at: op.at, actor: op.actor, signing: voided, previous: signing, reason: op.reason });
      db.prepare('UPDATE signings SET seq = ?, status = ?, data = ? WHERE id = ?').run(change.seq, voided.status, JSON.stringify(voided), voided.id);
      const ceremonyChange = record(op.ceremony, before, before.status, op.at, op.actor);
      return { type: 'signing.revised', signing: voided, seq: change.seq, changes: [change, ceremonyChange] };
    },

    'ceremony.status'(op) {
      const before = current(op.ceremony.id);
      const status = op.status ?? before?.status;
      if (!status) return { type: 'ceremony.updated', state: null, seq: 0, changes: [] };
      if (status === 'finished' && !before) return { type: 'ceremony.refused', reason: 'not-running', changes: [] };
      const change = record(op.ceremony, before, status, op.at, op.actor);
      return { type: 'ceremony.updated', state: change.ceremony, seq: change.seq, changes: [change] };
    },
  };
}
