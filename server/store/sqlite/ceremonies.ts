import type { Database } from 'better-sqlite3';
import type { ItemInput } from '../../../shared/ceremonies.js';
import type { Signing } from '../../../shared/signing.js';
import {
  nextState,
  type CeremonyDefinition,
  type CeremonyRef,
  type CeremonyRunStore,
  type CeremonySignOp,
  type CeremonyState,
  type CeremonyStatusOp,
  type CeremonyStore,
  type CeremonyUndoOp,
  type ItemDefinition,
  type SignedItem,
} from '../ceremony-types.js';
import type { CeremonyChangeRecord } from '../ceremony-types.js';
import type { OpResults } from '../operations.js';
import type { AppendChange } from './changes.js';

interface ItemRow {
  id: string;
  ceremony_id: string;
  position: number;
  data: string;
  created_at: string;
  updated_at: string;
}

const toItem = (r: ItemRow): ItemDefinition => ({
  id: r.id,
  ceremonyId: r.ceremony_id,
  position: r.position,
  input: JSON.parse(r.data) as ItemInput,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

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
      const row = db.prepare<[string], { data: string }>('SELECT data FROM ceremonies WHERE id = ?').get(id);
      return row && (JSON.parse(row.data) as CeremonyDefinition);
    },
    async listCeremonies() {
      return db
        .prepare<[], { data: string }>('SELECT data FROM ceremonies ORDER BY starts_at, id')
        .all()
        .map((r) => JSON.parse(r.data) as CeremonyDefinition);
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
      const row = db.prepare<[string], { state: string }>('SELECT state FROM ceremony_runs WHERE ceremony_id = ?').get(ceremonyId);
      return row ? (JSON.parse(row.state) as CeremonyState) : null;
    },
    async states() {
      return db
        .prepare<[], { state: string }>('SELECT state FROM ceremony_runs ORDER BY started_at')
        .all()
        .map((r) => JSON.parse(r.state) as CeremonyState);
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

interface KeyedRow {
  payload: string;
  created_seq: number;
  request_hash: string;
}

/** Ceremony writes, run inside the batch transaction. */
export function sqliteCeremonyOps(db: Database, appendChange: AppendChange) {
  const byKey = db.prepare<[string], KeyedRow>(
    'SELECT c.payload, s.created_seq, s.request_hash FROM signings s JOIN changes c ON c.seq = s.created_seq WHERE s.idempotency_key = ?',
  );
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
    'ceremony.sign'(op: CeremonySignOp): OpResults['ceremony.sign'] {
      const existing = byKey.get(op.idempotencyKey);
      if (existing) {
        if (existing.request_hash !== op.requestHash) return { type: 'idempotency.mismatch', changes: [] };
        const { signing } = JSON.parse(existing.payload) as { signing: Signing };
        return { type: 'signing.replayed', signing, seq: existing.created_seq, changes: [] };
      }
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

    'ceremony.undo'(op: CeremonyUndoOp): OpResults['ceremony.undo'] {
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

    'ceremony.status'(op: CeremonyStatusOp): OpResults['ceremony.status'] {
      const before = current(op.ceremony.id);
      const status = op.status ?? before?.status;
      if (!status) return { type: 'ceremony.updated', state: null, seq: 0, changes: [] };
      if (status === 'finished' && !before) return { type: 'ceremony.refused', reason: 'not-running', changes: [] };
      const change = record(op.ceremony, before, status, op.at, op.actor);
      return { type: 'ceremony.updated', state: change.ceremony, seq: change.seq, changes: [change] };
    },
  };
}
