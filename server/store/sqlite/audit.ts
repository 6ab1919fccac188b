import type { Database } from 'better-sqlite3';
import type { AuditQuery } from '../types.js';
import type { SigningChangeRecord } from '../operations.js';

interface ChangeRow {
  seq: number;
  type: SigningChangeRecord['type'];
  at: string;
  actor: string;
  payload: string;
}

/** The audit trail is the change log itself: every version of every signing, newest first. */
export function listSigningChanges(db: Database, q: AuditQuery): SigningChangeRecord[] {
  const where = ["type LIKE 'signing.%'", 'seq < @before'];
  const params: Record<string, string | number> = { before: q.before ?? Number.MAX_SAFE_INTEGER, limit: q.limit };
  const filter = (name: keyof AuditQuery, sql: string) => {
    const value = q[name];
    if (value === undefined || value === '') return;
    where.push(sql);
    params[name] = value;
  };
  filter('actor', 'actor = @actor');
  filter('type', 'type = @type');
  filter('signingId', "json_extract(payload, '$.signing.id') = @signingId");
  filter('from', 'at >= @from');
  filter('to', 'at <= @to');
  const rows = db
    .prepare<Record<string, string | number>, ChangeRow>(`SELECT * FROM changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`)
    .all(params);
  return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ...JSON.parse(r.payload) }) as SigningChangeRecord);
}
