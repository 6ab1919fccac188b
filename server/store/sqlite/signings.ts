import type { Database } from 'better-sqlite3';
import type { Signing } from '../../../shared/signing.js';
import type { CreateSigningOp, WriteResult } from '../types.js';
import type { AppendChange } from './changes.js';

interface KeyedRow {
  data: string;
  created_seq: number;
  request_hash: string;
}

/** Signing writes, run inside the batch transaction. */
export function sqliteSigningOps(db: Database, appendChange: AppendChange) {
  const byKey = db.prepare<[string], KeyedRow>('SELECT data, created_seq, request_hash FROM signings WHERE idempotency_key = ?');
  const insert = db.prepare(
    'INSERT INTO signings (id, created_seq, seq, idempotency_key, request_hash, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  return {
    'signing.create'(op: CreateSigningOp): WriteResult {
      const existing = byKey.get(op.idempotencyKey);
      if (existing) {
        if (existing.request_hash !== op.requestHash) return { type: 'idempotency.mismatch', changes: [] };
        return { type: 'signing.replayed', signing: JSON.parse(existing.data) as Signing, seq: existing.created_seq, changes: [] };
      }
      const s = op.signing;
      const change = appendChange({ type: 'signing.created', at: s.createdAt, actor: op.actor, signing: s, previous: null });
      insert.run(s.id, change.seq, change.seq, op.idempotencyKey, op.requestHash, s.status, JSON.stringify(s));
      return { type: 'signing.created', signing: s, seq: change.seq, changes: [change] };
    },
  };
}
