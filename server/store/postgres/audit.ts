import type { Pool } from 'pg';
import type { AuditQuery } from '../types.js';
import type { SigningChangeRecord } from '../operations.js';
import { rowToChange, type ChangeRow } from './changes.js';

/** The audit trail is the change log itself: every version of every signing, newest first. */
export async function pgSigningChanges(pool: Pool, q: AuditQuery): Promise<SigningChangeRecord[]> {
  const params: unknown[] = [q.before ?? Number.MAX_SAFE_INTEGER];
  const where = ["type LIKE 'signing.%'", 'seq < $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.actor) add((n) => `actor = ${n}`, q.actor);
  if (q.type) add((n) => `type = ${n}`, q.type);
  if (q.signingId) add((n) => `payload->'signing'->>'id' = ${n}`, q.signingId);
  if (q.from) add((n) => `at >= ${n}`, q.from);
  if (q.to) add((n) => `at <= ${n}`, q.to);
  params.push(q.limit);
  const { rows } = await pool.query<ChangeRow>(
    `SELECT * FROM changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(rowToChange) as SigningChangeRecord[];
}
