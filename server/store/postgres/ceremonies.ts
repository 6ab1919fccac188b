import type { Pool, PoolClient } from 'pg';
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
} from '../ceremony-types.js';
import type { AsyncOpHandlers } from '../operations.js';
import { changeParams, type AppendChangeAsync } from './changes.js';
import { pgReplays } from './signings.js';
import { inTransaction } from './transaction.js';

/** The run-sheet's ids in order, locked against a concurrent reorder. */
async function orderOf(client: PoolClient, ceremonyId: string): Promise<string[]> {
  await client.query('SELECT id FROM ceremonies WHERE id = $1 FOR UPDATE', [ceremonyId]);
  const { rows } = await client.query<{ id: string }>('SELECT id FROM ceremony_items WHERE ceremony_id = $1 ORDER BY position, created_at', [ceremonyId]);
  return rows.map((r) => r.id);
}

async function renumber(client: PoolClient, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query(
    'UPDATE ceremony_items AS i SET position = o.position - 1 FROM unnest($1::text[]) WITH ORDINALITY AS o(id, position) WHERE i.id = o.id',
    [ids],
  );
}

/** Ceremony definitions and operators. */
export function pgCeremonies(pool: Pool): CeremonyStore {
  return {
    async createCeremony(c: CeremonyDefinition) {
      await pool.query('INSERT INTO ceremonies (id, starts_at, data) VALUES ($1, $2, $3)', [c.id, c.startsAt, JSON.stringify(c)]);
    },
    async getCeremony(id) {
      const { rows } = await pool.query<{ data: CeremonyDefinition }>('SELECT data FROM ceremonies WHERE id = $1', [id]);
      return rows[0]?.data;
    },
    async listCeremonies() {
      const { rows } = await pool.query<{ data: CeremonyDefinition }>('SELECT data FROM ceremonies ORDER BY starts_at, id');
      return rows.map((r) => r.data);
    },
    async listItems(ceremonyId) {
      const { rows } = await pool.query<ItemRow>('SELECT * FROM ceremony_items WHERE ceremony_id = $1 ORDER BY position, created_at', [ceremonyId]);
      return rows.map(toItem);
    },
    async addItems(ceremonyId, added) {
      await inTransaction(pool, async (client) => {
        const next = (await orderOf(client, ceremonyId)).length;
        for (const [i, item] of added.entries()) {
          await client.query('INSERT INTO ceremony_items (id, ceremony_id, position, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
            item.id,
            ceremonyId,
            next + i,
            JSON.stringify(item.input),
            item.createdAt,
            item.updatedAt,
          ]);
        }
      });
    },
    async updateItem(ceremonyId, itemId, input, updatedAt) {
      const { rowCount } = await pool.query('UPDATE ceremony_items SET data = $1, updated_at = $2 WHERE id = $3 AND ceremony_id = $4', [
        JSON.stringify(input),
        updatedAt,
        itemId,
        ceremonyId,
      ]);
      return (rowCount ?? 0) > 0;
    },
    async moveItem(ceremonyId, itemId, position, updatedAt) {
      return inTransaction(pool, async (client) => {
        const ids = await orderOf(client, ceremonyId);
        const from = ids.indexOf(itemId);
        if (from < 0) return false;
        ids.splice(from, 1);
        ids.splice(Math.min(position, ids.length), 0, itemId);
        await renumber(client, ids);
        await client.query('UPDATE ceremony_items SET updated_at = $1 WHERE id = $2', [updatedAt, itemId]);
        return true;
      });
    },
    async deleteItem(ceremonyId, itemId) {
      return inTransaction(pool, async (client) => {
        const { rowCount } = await client.query('DELETE FROM ceremony_items WHERE id = $1 AND ceremony_id = $2', [itemId, ceremonyId]);
        if (!rowCount) return false;
        await renumber(client, await orderOf(client, ceremonyId));
        return true;
      });
    },
    async isOperator(userId) {
      const { rowCount } = await pool.query('SELECT 1 FROM ceremony_operators WHERE user_id = $1', [userId]);
      return (rowCount ?? 0) > 0;
    },
    async listOperators() {
      const { rows } = await pool.query<{ user_id: string; granted_by: string; granted_at: string }>('SELECT * FROM ceremony_operators ORDER BY granted_at');
      return rows.map((r) => ({ userId: r.user_id, grantedBy: r.granted_by, grantedAt: r.granted_at }));
    },
    async grantOperator(userId, grantedBy, grantedAt) {
      await pool.query('INSERT INTO ceremony_operators (user_id, granted_by, granted_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING', [
        userId,
        grantedBy,
        grantedAt,
      ]);
    },
    async revokeOperator(userId) {
      const { rowCount } = await pool.query('DELETE FROM ceremony_operators WHERE user_id = $1', [userId]);
      return (rowCount ?? 0) > 0;
    },
  };
}

/** What happened on stage, read outside the commit. */
export function pgCeremonyRuns(pool: Pool): CeremonyRunStore {
  return {
    async state(ceremonyId) {
      const { rows } = await pool.query<{ state: CeremonyState }>('SELECT state FROM ceremony_runs WHERE ceremony_id = $1', [ceremonyId]);
      return rows[0]?.state ?? null;
    },
    async states() {
      const { rows } = await pool.query<{ state: CeremonyState }>('SELECT state FROM ceremony_runs ORDER BY started_at');
      return rows.map((r) => r.state);
    },
    async signedItems(ceremonyId) {
      const { rows } = await pool.query<{ item_id: string; signing_id: string; signed_at: string }>(
        'SELECT item_id, signing_id, signed_at FROM ceremony_signed WHERE ceremony_id = $1 ORDER BY seq',
        [ceremonyId],
      );
      return rows.map((r) => ({ itemId: r.item_id, signingId: r.signing_id, signedAt: r.signed_at }));
    },
  };
}

/** Ceremony writes, run inside the batch transaction on its client (under the seq lock). */
export function pgCeremonyOps(client: PoolClient, appendChange: AppendChangeAsync): Pick<AsyncOpHandlers, CeremonyOp['type']> {
  const replay = pgReplays(client);
  const current = async (id: string): Promise<CeremonyState | null> =>
    (await client.query<{ state: CeremonyState }>('SELECT state FROM ceremony_runs WHERE ceremony_id = $1 FOR UPDATE', [id])).rows[0]?.state ?? null;
  const signedItem = async (itemId: string, ceremonyId: string) =>
    (
      await client.query<{ signing_id: string; signed_at: string }>('SELECT signing_id, signed_at FROM ceremony_signed WHERE item_id = $1 AND ceremony_id = $2', [
        itemId,
        ceremonyId,
      ])
    ).rows[0];

  /** Stores the new state and appends the change screens hear it by. */
  const record = async (ref: CeremonyRef, before: CeremonyState | null, status: CeremonyState['status'], at: string, actor: string) => {
    const { rows } = await client.query<{ signing_id: string }>('SELECT signing_id FROM ceremony_signed WHERE ceremony_id = $1 ORDER BY seq', [ref.id]);
    const state = nextState(
      ref,
      before,
      status,
      rows.map((r) => r.signing_id),
      at,
    );
    await client.query(
      `INSERT INTO ceremony_runs (ceremony_id, status, started_at, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (ceremony_id) DO UPDATE SET status = excluded.status, state = excluded.state`,
      [ref.id, state.status, state.startedAt, JSON.stringify(state)],
    );
    return (await appendChange({ type: 'ceremony', at, actor, ceremony: state })) as CeremonyChangeRecord;
  };

  return {
    async 'ceremony.sign'(op) {
      const replayed = await replay(op.idempotencyKey, op.requestHash);
      if (replayed) return replayed;
      const before = await current(op.ceremony.id);
      if (before?.status !== 'running') return { type: 'ceremony.refused', reason: 'not-running', changes: [] };
      if (await signedItem(op.itemId, op.ceremony.id)) return { type: 'ceremony.refused', reason: 'already-signed', changes: [] };
      const s = op.signing;
      await client.query('INSERT INTO ceremony_signed (item_id, ceremony_id, signing_id, sign_key, signed_at, seq) VALUES ($1, $2, $3, $4, $5, 0)', [
        op.itemId,
        op.ceremony.id,
        s.id,
        op.idempotencyKey,
        s.signedAt,
      ]);
      // The ceremony's change comes first: the fold then knows the signing is the ceremony's when it counts.
      const ceremonyChange = await record(op.ceremony, before, 'running', s.createdAt, op.actor);
      const change = { type: 'signing.created', at: s.createdAt, actor: op.actor, signing: s, previous: null } as const;
      const { rows } = await client.query<{ seq: string }>(
        `WITH c AS (INSERT INTO changes (type, at, actor, payload) VALUES ($1, $2, $3, $4) RETURNING seq),
         s AS (INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data)
               SELECT $5, seq, seq, $6, $7, $8, $9 FROM c RETURNING seq)
         UPDATE ceremony_signed SET seq = (SELECT seq FROM s) WHERE item_id = $10 RETURNING seq`,
        [...changeParams(change), s.id, op.idempotencyKey, op.requestHash, s.status, JSON.stringify(s), op.itemId],
      );
      const seq = Number(rows[0]!.seq);
      return { type: 'signing.created', signing: s, seq, changes: [ceremonyChange, { ...change, seq }] };
    },

    async 'ceremony.undo'(op) {
      const before = await current(op.ceremony.id);
      const row = await signedItem(op.itemId, op.ceremony.id);
      if (!row || !before) return { type: 'ceremony.refused', reason: 'not-signed', changes: [] };
      if (row.signed_at < op.signedSince) return { type: 'ceremony.refused', reason: 'window-passed', changes: [] };
      const signing = (await client.query<{ data: Signing }>('SELECT data FROM signings WHERE id = $1 FOR UPDATE', [row.signing_id])).rows[0]!.data;
      await client.query('DELETE FROM ceremony_signed WHERE item_id = $1', [op.itemId]);
      // Voided meanwhile through the signings API: it no longer counts, the item only goes back.
      if (signing.status === 'voided') {
        const ceremonyChange = await record(op.ceremony, before, before.status, op.at, op.actor);
        return { type: 'signing.revised', signing, seq: ceremonyChange.seq, changes: [ceremonyChange] };
      }
      const voided: Signing = { ...signing, status: 'voided', version: signing.version + 1, updatedAt: op.at };
      const change = await appendChange({ type: 'signing.voided', at: op.at, actor: op.actor, signing: voided, previous: signing, reason: op.reason });
      await client.query('UPDATE signings SET seq = $1, status = $2, data = $3 WHERE id = $4', [change.seq, voided.status, JSON.stringify(voided), voided.id]);
      const ceremonyChange = await record(op.ceremony, before, before.status, op.at, op.actor);
      return { type: 'signing.revised', signing: voided, seq: change.seq, changes: [change, ceremonyChange] };
    },

    async 'ceremony.status'(op) {
      const before = await current(op.ceremony.id);
      const status = op.status ?? before?.status;
      if (!status) return { type: 'ceremony.updated', state: null, seq: 0, changes: [] };
      if (status === 'finished' && !before) return { type: 'ceremony.refused', reason: 'not-running', changes: [] };
      const change = await record(op.ceremony, before, status, op.at, op.actor);
      return { type: 'ceremony.updated', state: change.ceremony, seq: change.seq, changes: [change] };
    },
  };
}
