import type { Pool, PoolClient } from 'pg';
import type { EventConfig } from '../../../shared/event-config.js';
import { nothingRemoved, removedIds, SIGNING_FIELD, USE_KINDS, withListCounts, type EventUse, type Removed } from '../../../shared/event-edit.js';
import { listItem, type Edition } from '../../../shared/editions.js';
import { exhibitorCounts, type Exhibitor } from '../../../shared/exhibitors.js';
import type { EventChangeRecord, EventStore, EventWriteResult, ReplaceExhibitorsOp, StoredEvent, UpdateEventOp } from '../event-types.js';
import type { OpResults } from '../operations.js';

type EventUpdated = Extract<EventWriteResult, { type: 'event.updated' }>;
import type { AuditQuery } from '../types.js';
import { changesPage, type AppendChangeAsync } from './changes.js';

type Queryable = Pick<Pool | PoolClient, 'query'>;

interface ExhibitorRow {
  name: string;
  country: string;
  area_id: string | null;
  booth: string | null;
}

async function readEvent(db: Queryable, lock = false): Promise<StoredEvent | undefined> {
  const { rows } = await db.query<{ version: number; data: EventConfig }>(`SELECT version, data FROM event_config WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  return rows[0] && { version: rows[0].version, event: rows[0].data };
}

async function readExhibitors(db: Queryable): Promise<Exhibitor[]> {
  const { rows } = await db.query<ExhibitorRow>('SELECT name, country, area_id, booth FROM exhibitors ORDER BY position');
  return rows.map((r) => ({ name: r.name, country: r.country, ...(r.area_id ? { areaId: r.area_id } : {}), ...(r.booth ? { booth: r.booth } : {}) }));
}

async function usesOf(db: Queryable, removed: Removed): Promise<EventUse[]> {
  const uses: EventUse[] = [];
  for (const kind of USE_KINDS) {
    const field = SIGNING_FIELD[kind];
    const column = kind === 'venue' ? 'venue_id' : kind === 'gate' ? 'gate_id' : undefined;
    for (const id of removed[kind]) {
      const signings = field ? Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM signings WHERE data->>'${field}' = $1`, [id])).rows[0]!.n) : 0;
      const gateHours = column ? Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM attendance_flows WHERE ${column} = $1`, [id])).rows[0]!.n) : 0;
      if (signings > 0 || gateHours > 0) uses.push({ kind, id, signings, gateHours });
    }
  }
  return uses;
}

/** Event writes, run inside the batch transaction on its client (under the seq lock). */
export function pgEventOps(client: PoolClient, appendChange: AppendChangeAsync) {
  const store = async (previous: StoredEvent, next: EventConfig, at: string, actor: string, reason?: string): Promise<EventUpdated> => {
    const version = previous.version + 1;
    const change = await appendChange({ type: 'event.updated', at, actor, event: next, version, previous: previous.event, ...(reason ? { reason } : {}) });
    await client.query('UPDATE event_config SET version = $1, data = $2 WHERE id = 1', [version, JSON.stringify(next)]);
    return { type: 'event.updated', event: next, version, seq: change.seq, changes: [change] };
  };
  return {
    async 'event.update'(op: UpdateEventOp): Promise<EventWriteResult> {
      const stored = await readEvent(client, true);
      if (!stored) return { type: 'event.missing', changes: [] };
      if (stored.version !== op.expectedVersion) return { type: 'event.conflict', version: stored.version, changes: [] };
      const removed = removedIds(stored.event, op.event);
      const uses = nothingRemoved(removed) ? [] : await usesOf(client, removed);
      if (uses.length > 0) return { type: 'event.in-use', uses, changes: [] };
      const list = await readExhibitors(client);
      return store(stored, withListCounts(op.event, list.length > 0 ? exhibitorCounts(list) : null), op.at, op.actor);
    },
    async 'exhibitors.replace'(op: ReplaceExhibitorsOp): Promise<OpResults['exhibitors.replace']> {
      const stored = await readEvent(client, true);
      if (!stored) return { type: 'event.missing', changes: [] };
      await client.query('DELETE FROM exhibitors');
      if (op.exhibitors.length > 0) {
        await client.query(
          `INSERT INTO exhibitors (position, name, country, area_id, booth)
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
          [
            op.exhibitors.map((_, i) => i + 1),
            op.exhibitors.map((e) => e.name),
            op.exhibitors.map((e) => e.country),
            op.exhibitors.map((e) => e.areaId ?? null),
            op.exhibitors.map((e) => e.booth ?? null),
          ],
        );
      }
      const next = withListCounts(stored.event, exhibitorCounts(op.exhibitors));
      return store(stored, next, op.at, op.actor, `exhibitor list: ${op.exhibitors.length} exhibitors`);
    },
  };
}

export function pgEvents(pool: Pool): EventStore {
  return {
    current: () => readEvent(pool),
    async seed(event) {
      await pool.query('INSERT INTO event_config (id, version, data) VALUES (1, 1, $1) ON CONFLICT (id) DO NOTHING', [JSON.stringify(event)]);
      return (await readEvent(pool))!;
    },
    async history(q: AuditQuery) {
      return (await changesPage(pool, q, ["type = 'event.updated'"])) as EventChangeRecord[];
    },
    exhibitors: () => readExhibitors(pool),
    async listEditions() {
      const { rows } = await pool.query<{ data: Edition }>('SELECT data FROM editions ORDER BY archived_at DESC');
      return rows.map((r) => listItem(r.data));
    },
    async getEdition(id) {
      const { rows } = await pool.query<{ data: Edition }>('SELECT data FROM editions WHERE id = $1', [id]);
      return rows[0]?.data;
    },
    async putEdition(edition) {
      const { rowCount } = await pool.query('INSERT INTO editions (id, archived_at, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
        edition.id,
        edition.archivedAt,
        JSON.stringify(edition),
      ]);
      return rowCount === 1;
    },
  };
}
