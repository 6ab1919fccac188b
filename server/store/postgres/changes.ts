import type { Pool, PoolClient } from 'pg';
import type { Change } from '../operations.js';
import type { AuditQuery } from '../types.js';
import type { NewChange } from '../sqlite/changes.js';

export type AppendChangeAsync = (change: NewChange) => Promise<Change>;

export interface ChangeRow {
  seq: string;
  type: Change['type'];
  at: string;
  actor: string;
  payload: Record<string, unknown>;
}

/**
 * Appends to the change log. The seq comes from a sequence, inside the batch transaction
 * and under the seq lock (see commit), so seqs become visible in the order they were given.
 */
export function pgChangeAppender(client: PoolClient): AppendChangeAsync {
  return async (change) => {
    const { rows } = await client.query<{ seq: string }>(
      'INSERT INTO changes (type, at, actor, payload) VALUES ($1, $2, $3, $4) RETURNING seq',
      changeParams(change),
    );
    return { ...change, seq: Number(rows[0]!.seq) } as Change;
  };
}

/** The parameters of a change row, for statements that insert it together with their own rows. */
export function changeParams(change: NewChange): [string, string, string, string] {
  const { type, at, actor, ...payload } = change;
  return [type, at, actor, JSON.stringify(payload)];
}

export const rowToChange = (r: ChangeRow): Change =>
  ({ seq: Number(r.seq), type: r.type, at: r.at, actor: r.actor, ...r.payload }) as Change;

/** One page of the change log, newest first, of the changes that meet `conditions` and the query's filters. */
export async function changesPage(pool: Pool, q: AuditQuery, conditions: string[]): Promise<Change[]> {
  const params: unknown[] = [q.before ?? Number.MAX_SAFE_INTEGER];
  const where = [...conditions, 'seq < $1'];
  for (const [value, column] of [[q.actor, 'actor = '], [q.from, 'at >= '], [q.to, 'at <= ']] as const) {
    if (!value) continue;
    params.push(value);
    where.push(`${column}$${params.length}`);
  }
  params.push(q.limit);
  const { rows } = await pool.query<ChangeRow>(`SELECT * FROM changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`, params);
  return rows.map(rowToChange);
}
