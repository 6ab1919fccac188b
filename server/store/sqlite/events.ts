import type { Database } from 'better-sqlite3';
import type { EventConfig } from '../../../shared/event-config.js';
import { nothingRemoved, removedIds, SIGNING_FIELD, USE_KINDS, withListCounts, type EventUse, type Removed } from '../../../shared/event-edit.js';
import { listItem, type Edition } from '../../../shared/editions.js';
import { exhibitorCounts, type Exhibitor } from '../../../shared/exhibitors.js';
import type { EventChangeRecord, EventStore, EventWriteResult, ReplaceExhibitorsOp, StoredEvent, UpdateEventOp } from '../event-types.js';
import type { OpResults } from '../operations.js';

type EventUpdated = Extract<EventWriteResult, { type: 'event.updated' }>;
import type { AuditQuery } from '../types.js';
import type { AppendChange } from './changes.js';

interface ExhibitorRow {
  name: string;
  country: string;
  area_id: string | null;
  booth: string | null;
}

const toExhibitor = (r: ExhibitorRow): Exhibitor => ({
  name: r.name,
  country: r.country,
  ...(r.area_id ? { areaId: r.area_id } : {}),
  ...(r.booth ? { booth: r.booth } : {}),
});

function readEvent(db: Database): StoredEvent | undefined {
  const row = db.prepare<[], { version: number; data: string }>('SELECT version, data FROM event_config WHERE id = 1').get();
  return row && { version: row.version, event: JSON.parse(row.data) as EventConfig };
}

function readExhibitors(db: Database): Exhibitor[] {
  return db.prepare<[], ExhibitorRow>('SELECT name, country, area_id, booth FROM exhibitors ORDER BY position').all().map(toExhibitor);
}

/** What stored signings and attendance still use of the removed ids. */
function usesOf(db: Database, removed: Removed): EventUse[] {
  const uses: EventUse[] = [];
  for (const kind of USE_KINDS) {
    const field = SIGNING_FIELD[kind];
    for (const id of removed[kind]) {
      const signings = field ? db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM signings WHERE json_extract(data, '$.${field}') = ?`).get(id)!.n : 0;
      const column = kind === 'venue' ? 'venue_id' : kind === 'gate' ? 'gate_id' : undefined;
      const gateHours = column ? db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM attendance_flows WHERE ${column} = ?`).get(id)!.n : 0;
      if (signings > 0 || gateHours > 0) uses.push({ kind, id, signings, gateHours });
    }
  }
  return uses;
}

/** Event writes, run inside the batch transaction. */
export function sqliteEventOps(db: Database, appendChange: AppendChange) {
  const save = db.prepare('UPDATE event_config SET version = ?, data = ? WHERE id = 1');
  const store = (previous: StoredEvent, next: EventConfig, at: string, actor: string, reason?: string): EventUpdated => {
    const version = previous.version + 1;
    const change = appendChange({ type: 'event.updated', at, actor, event: next, version, previous: previous.event, ...(reason ? { reason } : {}) });
    save.run(version, JSON.stringify(next));
    return { type: 'event.updated', event: next, version, seq: change.seq, changes: [change] };
  };
  return {
    'event.update'(op: UpdateEventOp): EventWriteResult {
      const stored = readEvent(db);
      if (!stored) return { type: 'event.missing', changes: [] };
      if (stored.version !== op.expectedVersion) return { type: 'event.conflict', version: stored.version, changes: [] };
      const removed = removedIds(stored.event, op.event);
      const uses = nothingRemoved(removed) ? [] : usesOf(db, removed);
      if (uses.length > 0) return { type: 'event.in-use', uses, changes: [] };
      const list = readExhibitors(db);
      return store(stored, withListCounts(op.event, list.length > 0 ? exhibitorCounts(list) : null), op.at, op.actor);
    },
    'exhibitors.replace'(op: ReplaceExhibitorsOp): OpResults['exhibitors.replace'] {
      const stored = readEvent(db);
      if (!stored) return { type: 'event.missing', changes: [] };
      db.prepare('DELETE FROM exhibitors').run();
      const insert = db.prepare('INSERT INTO exhibitors (position, name, country, area_id, booth) VALUES (?, ?, ?, ?, ?)');
      op.exhibitors.forEach((e, i) => insert.run(i + 1, e.name, e.country, e.areaId ?? null, e.booth ?? null));
      const next = withListCounts(stored.event, exhibitorCounts(op.exhibitors));
      return store(stored, next, op.at, op.actor, `exhibitor list: ${op.exhibitors.length} exhibitors`);
    },
  };
}

interface ChangeRow {
  seq: number;
  type: 'event.updated';
  at: string;
  actor: string;
  payload: string;
}

export function sqliteEvents(db: Database): EventStore {
  return {
    async current() {
      return readEvent(db);
    },
    async seed(event) {
      db.prepare('INSERT INTO event_config (id, version, data) VALUES (1, 1, ?) ON CONFLICT (id) DO NOTHING').run(JSON.stringify(event));
      return readEvent(db)!;
    },
    async history(q: AuditQuery) {
      const where = ["type = 'event.updated'", 'seq < @before'];
      const params: Record<string, string | number> = { before: q.before ?? Number.MAX_SAFE_INTEGER, limit: q.limit };
      if (q.actor) (where.push('actor = @actor'), (params.actor = q.actor));
      if (q.from) (where.push('at >= @from'), (params.from = q.from));
      if (q.to) (where.push('at <= @to'), (params.to = q.to));
      return db
        .prepare<Record<string, string | number>, ChangeRow>(`SELECT * FROM changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`)
        .all(params)
        .map((r) => ({ seq: r.seq, type: r.type, at: r.at, actor: r.actor, ...JSON.parse(r.payload) }) as EventChangeRecord);
    },
    async exhibitors() {
      return readExhibitors(db);
    },
    async listEditions() {
      return db
        .prepare<[], { data: string }>('SELECT data FROM editions ORDER BY archived_at DESC')
        .all()
        .map((r) => listItem(JSON.parse(r.data) as Edition));
    },
    async getEdition(id) {
      const row = db.prepare<[string], { data: string }>('SELECT data FROM editions WHERE id = ?').get(id);
      return row && (JSON.parse(row.data) as Edition);
    },
    async putEdition(edition) {
      const { changes } = db
        .prepare('INSERT INTO editions (id, archived_at, data) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING')
        .run(edition.id, edition.archivedAt, JSON.stringify(edition));
      return changes === 1;
    },
  };
}
