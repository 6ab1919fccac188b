import pg from 'pg';
import type { PoolClient } from 'pg';
import type { Signing } from '../../../shared/signing.js';
import type { SigningPage, Store } from '../types.js';
import type { AsyncOpHandlers, WriteOp, WriteResult } from '../operations.js';
import { pgAccounts } from './accounts.js';
import { pgCeremonies, pgCeremonyOps, pgCeremonyRuns } from './ceremonies.js';
import { pgAttendanceOps, pgAttendanceRead } from './attendance.js';
import { pgSigningChanges } from './audit.js';
import { pgChangeAppender, rowToChange, type ChangeRow } from './changes.js';
import { pgFleet } from './fleet.js';
import { pgEventOps, pgEvents } from './events.js';
import { containsPattern } from '../like.js';
import { pgAlerts, pgOperatorAudit } from './alerts.js';
import { LOCK_NAMESPACE, LockKind, migratePostgres, quoteIdent, schemaLockKey } from './migrations.js';
import { pgSigningOps } from './signings.js';
import { inTransaction } from './transaction.js';
import { isStoreUnavailable } from '../unavailable.js';

export interface PostgresOptions {
  connectionString: string;
  /** Tables live in this schema (created if missing); tests use one per file. */
  schema?: string;
  poolSize?: number;
  onError?: (error: Error) => void;
}

/** One handler per kind of write operation; each feature contributes its own. */
function opHandlers(client: PoolClient): AsyncOpHandlers {
  const appendChange = pgChangeAppender(client);
  return { ...pgSigningOps(client, appendChange), ...pgAttendanceOps(client, appendChange), ...pgEventOps(client, appendChange),
    ...pgCeremonyOps(client, appendChange),
  };
}

/**
 * The shared store for several instances. Every batch is one transaction that first takes
 * a transaction-level advisory lock: seqs are then handed out and made visible in the same
 * order, so a reader's `changesSince` can never skip a seq that commits later.
 */
export function openPostgresStore(options: PostgresOptions): Store {
  const schema = options.schema ?? 'public';
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: `-c search_path=${quoteIdent(schema)}`,
  });
  // An idle client losing its connection must not take the process down; the pool replaces it.
  pool.on('error', (error) => options.onError?.(error));
  // Two integers computed here, so they can be written into the statement (it then needs no parameters).
  const seqLock = [LOCK_NAMESPACE, schemaLockKey(schema, LockKind.seq)];

  const runOps = async (client: PoolClient, ops: WriteOp[]): Promise<Array<WriteResult | Error>> => {
    const handlers = opHandlers(client);
    const results: Array<WriteResult | Error> = [];
    for (const [i, op] of ops.entries()) {
      // Releasing the previous savepoint rides along with the next one: one round trip, not two.
      await client.query(i === 0 ? 'SAVEPOINT op' : 'RELEASE SAVEPOINT op; SAVEPOINT op');
      try {
        // Each handler answers its own kind of op (AsyncOpHandlers); indexing by `op.type` loses that pairing for the compiler.
        results.push(await (handlers[op.type] as (op: WriteOp) => Promise<WriteResult>)(op));
      } catch (error) {
        // One failing operation fails alone; a broken connection, a read-only or full database fails the batch.
        if (isStoreUnavailable(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT op');
        results.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return results;
  };

  return {
    accounts: pgAccounts(pool),
    ceremonies: pgCeremonies(pool),
    ceremonyRuns: pgCeremonyRuns(pool),
    attendance: pgAttendanceRead(pool),
    fleet: pgFleet(pool),
    events: pgEvents(pool),
    alerts: pgAlerts(pool),
    operatorAudit: pgOperatorAudit(pool),
    migrate: () => migratePostgres(pool, schema),
    async ping() {
      await pool.query('SELECT 1');
    },
    commit: (ops) => inTransaction(pool, (client) => runOps(client, ops), `BEGIN; SELECT pg_advisory_xact_lock(${seqLock.join(', ')})`),
    async lastSeq() {
      const { rows } = await pool.query<{ seq: string }>(
        'SELECT greatest(coalesce(max(seq), 0), coalesce((SELECT seq FROM seq_floor WHERE id = 1), 0)) AS seq FROM changes',
      );
      return Number(rows[0]!.seq);
    },
    async changesSince(seq, limit) {
      const { rows } = await pool.query<ChangeRow>('SELECT * FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
      return rows.map(rowToChange);
    },
    async advanceSeq(seq) {
      if (seq <= 0) return;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1, $2)', seqLock);
        await client.query(
          "SELECT setval('changes_seq', greatest($1::bigint, (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM changes_seq)), true)",
          [seq],
        );
        // lastSeq reads the floor: the sequence alone may hold seqs of uncommitted changes.
        await client.query('INSERT INTO seq_floor (id, seq) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET seq = greatest(seq_floor.seq, excluded.seq)', [seq]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async changesUntil(at, afterSeq, limit) {
      const { rows } = await pool.query<ChangeRow>('SELECT * FROM changes WHERE seq > $1 AND at <= $2 ORDER BY seq LIMIT $3', [
        afterSeq,
        at,
        limit,
      ]);
      return rows.map(rowToChange);
    },
    async countedSignings() {
      const { rows } = await pool.query<{ data: Signing }>(
        "SELECT data FROM signings WHERE status = 'published' ORDER BY created_seq",
      );
      return rows.map((r) => r.data);
    },
    async listSignings({ limit, before, includeUncounted, search }): Promise<SigningPage> {
      const matching = search ? "AND (data->>'title' ILIKE $3 ESCAPE '\\' OR data->>'investor' ILIKE $3 ESCAPE '\\' OR data->>'partner' ILIKE $3 ESCAPE '\\')" : '';
      const { rows } = await pool.query<{ data: Signing; created_seq: string }>(
        `SELECT data, created_seq FROM signings
         WHERE created_seq < $1 ${includeUncounted ? '' : "AND status = 'published'"} ${matching}
         ORDER BY created_seq DESC LIMIT $2`,
        [before ?? Number.MAX_SAFE_INTEGER, limit + 1, ...(search ? [containsPattern(search)] : [])],
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => r.data),
        ...(rows.length > limit && last ? { next: Number(last.created_seq) } : {}),
      };
    },
    async getSigning(id) {
      const { rows } = await pool.query<{ data: Signing }>('SELECT data FROM signings WHERE id = $1', [id]);
      return rows[0]?.data;
    },
    listSigningChanges: (query) => pgSigningChanges(pool, query),
    async close() {
      await pool.end();
    },
  };
}
