import type { Database } from 'better-sqlite3';
import type { Signing } from '../../../shared/signing.js';
import { updateRevision, voidRevision, type CreateSigningOp, type IdempotencyMismatch, type ImportSigningsOp, type OpResults, type Revision, type SigningReplayed, type UpdateSigningOp, type VoidSigningOp } from '../operations.js';
import type { AppendChange } from './changes.js';

interface KeyedRow {
  /** The change that created the signing: a replay answers with the signing as it was then. */
  payload: string;
  created_seq: number;
  request_hash: string;
}

/**
 * What a write under an idempotency key already used answers: the signing as that key created it,
 * or a mismatch when the request differs; nothing for a new key.
 */
export function sqliteReplays(db: Database) {
  const byKey = db.prepare<[string], KeyedRow>(
    'SELECT c.payload, s.created_seq, s.request_hash FROM signings s JOIN changes c ON c.seq = s.created_seq WHERE s.idempotency_key = ?',
  );
  return (key: string, requestHash: string): SigningReplayed | IdempotencyMismatch | undefined => {
    const existing = byKey.get(key);
    if (!existing) return undefined;
    if (existing.request_hash !== requestHash) return { type: 'idempotency.mismatch', changes: [] };
    const { signing } = JSON.parse(existing.payload) as { signing: Signing };
    return { type: 'signing.replayed', signing, seq: existing.created_seq, changes: [] };
  };
}

/** Signing writes, run inside the batch transaction. */
export function sqliteSigningOps(db: Database, appendChange: AppendChange) {
  const replay = sqliteReplays(db);
  const byId = db.prepare<[string], { data: string }>('SELECT data FROM signings WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare('UPDATE signings SET seq = ?, status = ?, data = ? WHERE id = ?');

  const create = (key: string, hash: string, s: Signing, actor: string) => {
    const change = appendChange({ type: 'signing.created', at: s.createdAt, actor, signing: s, previous: null });
    insert.run(s.id, change.seq, change.seq, key, hash, s.status, JSON.stringify(s));
    return change;
  };

  /** Stores `next` as the version after `expectedVersion`, or says why not. */
  const revise = ({ id, expectedVersion, makeNext, type, actor, reason }: Revision): OpResults['signing.update'] => {
    const row = byId.get(id);
    if (!row) return { type: 'signing.not-found', changes: [] };
    const current = JSON.parse(row.data) as Signing;
    if (current.version !== expectedVersion) return { type: 'version.conflict', current, changes: [] };
    const next = { ...makeNext(current), id: current.id, version: current.version + 1 };
    const change = appendChange({ type, at: next.updatedAt, actor, signing: next, previous: current, reason });
    update.run(change.seq, next.status, JSON.stringify(next), id);
    return { type: 'signing.revised', signing: next, seq: change.seq, changes: [change] };
  };

  return {
    'signing.create'(op: CreateSigningOp): OpResults['signing.create'] {
      const replayed = replay(op.idempotencyKey, op.requestHash);
      if (replayed) return replayed;
      const change = create(op.idempotencyKey, op.requestHash, op.signing, op.actor);
      return { type: 'signing.created', signing: op.signing, seq: change.seq, changes: [change] };
    },

    'signing.update'(op: UpdateSigningOp): OpResults['signing.update'] {
      return revise(updateRevision(op));
    },

    'signing.void'(op: VoidSigningOp): OpResults['signing.void'] {
      return revise(voidRevision(op));
    },

    'signing.import'(op: ImportSigningsOp): OpResults['signing.import'] {
      // Checked before writing so that a repeated file is reported, not half-applied.
      const seen = op.items.find((item) => replay(item.idempotencyKey, item.requestHash));
      if (seen) return { type: 'import.duplicate', idempotencyKey: seen.idempotencyKey, changes: [] };
      const changes = op.items.map((item) => create(item.idempotencyKey, item.requestHash, item.signing, op.actor));
      return { type: 'signings.imported', signings: op.items.map((i) => i.signing), seq: changes.at(-1)?.seq ?? 0, changes };
    },
  };
}
