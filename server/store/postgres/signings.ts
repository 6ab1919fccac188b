import type { PoolClient } from 'pg';
import type { Signing } from '../../../shared/signing.js';
import { updateRevision, voidRevision, type Change, type CreateSigningOp, type IdempotencyMismatch, type ImportSigningsOp, type OpResults, type Revision, type SigningReplayed, type UpdateSigningOp, type VoidSigningOp } from '../operations.js';
import { changeParams, type AppendChangeAsync } from './changes.js';

interface KeyedRow {
  /** The change that created the signing: a replay answers with the signing as it was then. */
  payload: { signing: Signing };
  created_seq: string;
  request_hash: string;
}

/**
 * What a write under an idempotency key already used answers: the signing as that key created it,
 * or a mismatch when the request differs; nothing for a new key.
 */
export function pgReplays(client: PoolClient) {
  return async (key: string, requestHash: string): Promise<SigningReplayed | IdempotencyMismatch | undefined> => {
    const { rows } = await client.query<KeyedRow>(
      'SELECT c.payload, s.created_seq, s.request_hash FROM signings s JOIN changes c ON c.seq = s.created_seq WHERE s.idempotency_key = $1',
      [key],
    );
    const existing = rows[0];
    if (!existing) return undefined;
    if (existing.request_hash !== requestHash) return { type: 'idempotency.mismatch', changes: [] };
    return { type: 'signing.replayed', signing: existing.payload.signing, seq: Number(existing.created_seq), changes: [] };
  };
}

/** Signing writes, run inside the batch transaction on its client. */
export function pgSigningOps(client: PoolClient, appendChange: AppendChangeAsync) {
  const replay = pgReplays(client);

  // One statement for the change and the signing: a round trip per op is most of a batch's time.
  const create = async (key: string, hash: string, s: Signing, actor: string): Promise<Change> => {
    const change = { type: 'signing.created', at: s.createdAt, actor, signing: s, previous: null } as const;
    const { rows } = await client.query<{ seq: string }>(
      `WITH c AS (INSERT INTO changes (type, at, actor, payload) VALUES ($1, $2, $3, $4) RETURNING seq)
       INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data)
       SELECT $5, seq, seq, $6, $7, $8, $9 FROM c RETURNING seq`,
      [...changeParams(change), s.id, key, hash, s.status, JSON.stringify(s)],
    );
    return { ...change, seq: Number(rows[0]!.seq) };
  };

  /** Stores the version after `expectedVersion`, or says why not. */
  const revise = async ({ id, expectedVersion, makeNext, type, actor, reason }: Revision): Promise<OpResults['signing.update']> => {
    // FOR UPDATE is redundant under the seq lock today; it keeps the version check sound without it.
    const { rows } = await client.query<{ data: Signing }>('SELECT data FROM signings WHERE id = $1 FOR UPDATE', [id]);
    const current = rows[0]?.data;
    if (!current) return { type: 'signing.not-found', changes: [] };
    if (current.version !== expectedVersion) return { type: 'version.conflict', current, changes: [] };
    const next = { ...makeNext(current), id: current.id, version: current.version + 1 };
    const change = await appendChange({ type, at: next.updatedAt, actor, signing: next, previous: current, reason });
    await client.query('UPDATE signings SET seq = $1, status = $2, data = $3 WHERE id = $4', [
      change.seq,
      next.status,
      JSON.stringify(next),
      id,
    ]);
    return { type: 'signing.revised', signing: next, seq: change.seq, changes: [change] };
  };

  return {
    async 'signing.create'(op: CreateSigningOp): Promise<OpResults['signing.create']> {
      const replayed = await replay(op.idempotencyKey, op.requestHash);
      if (replayed) return replayed;
      const change = await create(op.idempotencyKey, op.requestHash, op.signing, op.actor);
      return { type: 'signing.created', signing: op.signing, seq: change.seq, changes: [change] };
    },

    async 'signing.update'(op: UpdateSigningOp): Promise<OpResults['signing.update']> {
      return revise(updateRevision(op));
    },

    async 'signing.void'(op: VoidSigningOp): Promise<OpResults['signing.void']> {
      return revise(voidRevision(op));
    },

    async 'signing.import'(op: ImportSigningsOp): Promise<OpResults['signing.import']> {
      // Checked before writing so that a repeated file is reported, not half-applied.
      const keys = op.items.map((item) => item.idempotencyKey);
      const { rows } = await client.query<{ idempotency_key: string }>(
        'SELECT idempotency_key FROM signings WHERE idempotency_key = ANY($1) LIMIT 1',
        [keys],
      );
      const seen = rows[0];
      if (seen) return { type: 'import.duplicate', idempotencyKey: seen.idempotency_key, changes: [] };
      const changes = [];
      for (const item of op.items) changes.push(await create(item.idempotencyKey, item.requestHash, item.signing, op.actor));
      return { type: 'signings.imported', signings: op.items.map((i) => i.signing), seq: changes.at(-1)?.seq ?? 0, changes };
    },
  };
}
