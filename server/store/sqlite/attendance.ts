import type { Database } from 'better-sqlite3';
import { ALL, type GateHourFlow, type HourFlow } from '../../../shared/attendance.js';
import { readingDelta } from '../../attendance/counter.js';
import { correctionDelta, DeltaBuilder } from '../../attendance/delta-builder.js';
import { BADGE_BYTES, BadgeSightings, NEW_AT_ALL, NEW_IN_DAY, NEW_IN_VENUE, NEW_IN_VENUE_DAY, packed } from '../../attendance/sightings.js';
import type { AttendanceReadStore, AuditQuery } from '../types.js';
import type { AttendanceChangeRecord, AttendanceCorrectOp, AttendanceCountsOp, AttendanceScansOp, AttendanceRecorded, CountItem, OpResults, ScanItem, WriteOp } from '../operations.js';
import type { AppendChange } from './changes.js';

interface ReadingRow {
  at_ms: number;
  hour: string;
  entries_total: number;
  exits_total: number;
  entries_delta: number;
  exits_delta: number;
}

type Note = { index: number; note: string };
/** The first sightings of one write, by venue and day: each group becomes one row. */
type FirstSightings = Map<string, { venueId: string; day: string; badges: Buffer[] }>;

/** Rows of packed sightings read at a time while a start loads them (a row holds up to a write's badges). */
const LOAD_ROWS_PER_PAGE = 5;
/** Time the loader may hold the event loop per turn: a start's totals and requests go in between. */
const LOAD_MS_PER_TURN = 4;

/**
 * Reads every first sighting on record back into memory, a few milliseconds per turn of the
 * event loop: ten million badges take seconds, and a start serves its totals (kept in their
 * own table) meanwhile. Only scans wait for it.
 */
export async function loadSightings(db: Database, sightings: BadgeSightings): Promise<void> {
  const pairs = db
    .prepare<[], { venue_id: string; day: string; n: number }>(`SELECT venue_id, day, sum(length(badges)) / ${BADGE_BYTES} AS n FROM attendance_sightings GROUP BY 1, 2`)
    .all();
  sightings.reserve(pairs.reduce((sum, p) => sum + p.n, 0), pairs.map((p) => [p.venue_id, p.day] as const));
  const page = db.prepare<[number, number], [number, string, string, Buffer]>(
    'SELECT rowid, venue_id, day, badges FROM attendance_sightings WHERE rowid > ? ORDER BY rowid LIMIT ?',
  ).raw();
  let after = 0;
  for (let done = false; !done && db.open; await new Promise(setImmediate)) {
    for (const turnEnds = performance.now() + LOAD_MS_PER_TURN; !done && performance.now() < turnEnds; ) {
      const rows = page.all(after, LOAD_ROWS_PER_PAGE);
      for (const [, venueId, day, badges] of rows) sightings.load(venueId, day, badges);
      done = rows.length < LOAD_ROWS_PER_PAGE;
      if (!done) after = rows[rows.length - 1]![0];
    }
  }
  sightings.settle();
}

/** Room in the sightings for every scan of a batch, taken before its transaction starts. */
export function reserveSightings(sightings: BadgeSightings, ops: WriteOp[]): void {
  let scans = 0;
  const pairs = new Map<string, readonly [string, string]>();
  for (const op of ops) {
    if (op.type !== 'attendance.scans') continue;
    scans += op.items.length;
    for (const s of op.items) pairs.set(`${s.venueId}\n${s.day}`, [s.venueId, s.day]);
  }
  if (scans > 0) sightings.reserve(scans, pairs.values());
}

/** Attendance writes, run inside the batch transaction: raw rows for idempotency, aggregates for the figures. */
export function sqliteAttendanceOps(db: Database, appendChange: AppendChange, sightings: BadgeSightings) {
  const insertBatch = db.prepare('INSERT OR IGNORE INTO attendance_batches (gate_id, batch_id) VALUES (?, ?)');
  const insertScan = db.prepare('INSERT OR IGNORE INTO attendance_scans (gate_id, at_ms, badge, direction) VALUES (?, ?, ?, ?)');
  const insertSightings = db.prepare('INSERT INTO attendance_sightings (venue_id, day, badges) VALUES (?, ?, ?)');
  const addFlow = db.prepare(
    `INSERT INTO attendance_flows (gate_id, hour, venue_id, entries, exits) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (gate_id, hour) DO UPDATE SET entries = entries + excluded.entries, exits = exits + excluded.exits`,
  );
  const addUniques = db.prepare(
    `INSERT INTO attendance_uniques (venue_id, day, badges) VALUES (?, ?, ?)
     ON CONFLICT (venue_id, day) DO UPDATE SET badges = badges + excluded.badges`,
  );
  const readingAt = db.prepare<[string, number], { at_ms: number }>('SELECT at_ms FROM attendance_readings WHERE gate_id = ? AND at_ms = ?');
  const readingBefore = db.prepare<[string, number], ReadingRow>(
    'SELECT * FROM attendance_readings WHERE gate_id = ? AND at_ms < ? ORDER BY at_ms DESC LIMIT 1',
  );
  const readingAfter = db.prepare<[string, number], ReadingRow>(
    'SELECT * FROM attendance_readings WHERE gate_id = ? AND at_ms > ? ORDER BY at_ms ASC LIMIT 1',
  );
  const insertReading = db.prepare(
    `INSERT INTO attendance_readings (gate_id, at_ms, hour, entries_total, exits_total, entries_delta, exits_delta)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateReadingDelta = db.prepare('UPDATE attendance_readings SET entries_delta = ?, exits_delta = ? WHERE gate_id = ? AND at_ms = ?');
  const flowOf = db.prepare<[string, string], HourFlow>('SELECT entries, exits FROM attendance_flows WHERE gate_id = ? AND hour = ?');
  const setFlow = db.prepare(
    `INSERT INTO attendance_flows (gate_id, hour, venue_id, entries, exits) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (gate_id, hour) DO UPDATE SET entries = excluded.entries, exits = excluded.exits`,
  );

  /**
   * A counter reading counts what passed since the reading before it, in its own hour. A late
   * reading slots in between two others: the later one's count is split, so the total stays
   * and each hour gets its own share.
   */
  function recordReading(item: Extract<CountItem, { kind: 'counter' }>, delta: DeltaBuilder, notes: Note[]): boolean {
    if (readingAt.get(item.gateId, item.atMs)) return false;
    const current = { atMs: item.atMs, entriesTotal: item.entriesTotal, exitsTotal: item.exitsTotal };
    const before = readingBefore.get(item.gateId, item.atMs);
    const own = before
      ? readingDelta({ atMs: before.at_ms, entriesTotal: before.entries_total, exitsTotal: before.exits_total }, current, item.perMinute)
      : { entries: 0, exits: 0, note: 'first reading of this gate: baseline' };
    if (own.note) notes.push({ index: item.index, note: own.note });
    insertReading.run(item.gateId, item.atMs, item.hour, item.entriesTotal, item.exitsTotal, own.entries, own.exits);
    delta.flow(item.venueId, item.gateId, item.hour, own.entries, own.exits);
    const after = readingAfter.get(item.gateId, item.atMs);
    if (after) {
      const next = readingDelta(current, { atMs: after.at_ms, entriesTotal: after.entries_total, exitsTotal: after.exits_total }, item.perMinute);
      updateReadingDelta.run(next.entries, next.exits, item.gateId, after.at_ms);
      delta.flow(item.venueId, item.gateId, after.hour, next.entries - after.entries_delta, next.exits - after.exits_delta);
    }
    return true;
  }

  function recordScan(scan: ScanItem, delta: DeltaBuilder, firsts: FirstSightings): boolean {
    if (insertScan.run(scan.gateId, scan.atMs, scan.badge, scan.direction === 'in' ? 1 : 0).changes === 0) return false;
    delta.flow(scan.venueId, scan.gateId, scan.hour, scan.direction === 'in' ? 1 : 0, scan.direction === 'out' ? 1 : 0);
    // Most scans are of a badge already seen in this venue today: they stop here, without a write.
    const fresh = sightings.record(scan.badge, scan.venueId, scan.day);
    if (fresh === 0) return true;
    const key = `${scan.venueId}\n${scan.day}`;
    let group = firsts.get(key);
    if (!group) firsts.set(key, (group = { venueId: scan.venueId, day: scan.day, badges: [] }));
    group.badges.push(scan.badge);
    if (fresh & NEW_IN_VENUE_DAY) delta.unique(scan.venueId, scan.day);
    if (fresh & NEW_IN_VENUE) delta.unique(scan.venueId, ALL);
    if (fresh & NEW_IN_DAY) delta.unique(ALL, scan.day);
    if (fresh & NEW_AT_ALL) delta.unique(ALL, ALL);
    return true;
  }

  function finish(delta: DeltaBuilder, op: { at: string; actor: string }, accepted: number, duplicates: number, notes: Note[]): AttendanceRecorded {
    const built = delta.build();
    for (const f of built.flows) addFlow.run(f.gateId, f.hour, f.venueId, f.entries, f.exits);
    for (const u of built.uniques) addUniques.run(u.venueId, u.day, u.added);
    const changes = built.flows.length + built.uniques.length > 0 ? [appendChange({ type: 'attendance', at: op.at, actor: op.actor, delta: built })] : [];
    return { type: 'attendance.recorded', accepted, duplicates, notes, changes };
  }

  return {
    'attendance.counts'(op: AttendanceCountsOp): OpResults['attendance.counts'] {
      const delta = new DeltaBuilder();
      const notes: Note[] = [];
      let accepted = 0;
      for (const item of op.items) {
        const fresh =
          insertBatch.run(item.gateId, item.batchId).changes > 0 &&
          (item.kind === 'counter' ? recordReading(item, delta, notes) : (delta.flow(item.venueId, item.gateId, item.hour, item.entries, item.exits), true));
        if (fresh) accepted += 1;
      }
      return finish(delta, op, accepted, op.items.length - accepted, notes);
    },
    /** Sets the gate's hour; the change carries the difference, so screens fold it like any report. */
    'attendance.correct'(op: AttendanceCorrectOp): OpResults['attendance.correct'] {
      const before = flowOf.get(op.gateId, op.hour) ?? { entries: 0, exits: 0 };
      const after = { entries: op.entries, exits: op.exits };
      setFlow.run(op.gateId, op.hour, op.venueId, after.entries, after.exits);
      const change = appendChange({
        type: 'attendance',
        at: op.at,
        actor: op.actor,
        delta: correctionDelta(op, before, after),
        correction: { gateId: op.gateId, venueId: op.venueId, hour: op.hour, before: { ...before }, after },
        reason: op.reason,
      });
      return { type: 'attendance.corrected', before: { ...before }, after, seq: change.seq, changes: [change] };
    },
    'attendance.scans'(op: AttendanceScansOp): OpResults['attendance.scans'] {
      const delta = new DeltaBuilder();
      let accepted = 0;
      const firsts: FirstSightings = new Map();
      for (const scan of op.items) if (recordScan(scan, delta, firsts)) accepted += 1;
      for (const group of firsts.values()) insertSightings.run(group.venueId, group.day, packed(group.badges));
      return finish(delta, op, accepted, op.items.length - accepted, []);
    },
  };
}

interface CorrectionRow {
  seq: number;
  at: string;
  actor: string;
  payload: string;
}

export function sqliteAttendanceRead(db: Database): AttendanceReadStore {
  return {
    async corrections(q: AuditQuery) {
      // Corrections are rare among attendance changes; the change log is their only record.
      const where = ["type = 'attendance'", "json_extract(payload, '$.correction') IS NOT NULL", 'seq < @before'];
      const params: Record<string, string | number> = { before: q.before ?? Number.MAX_SAFE_INTEGER, limit: q.limit };
      for (const [name, sql] of [['actor', 'actor = @actor'], ['from', 'at >= @from'], ['to', 'at <= @to']] as const) {
        const value = q[name];
        if (value === undefined || value === '') continue;
        where.push(sql);
        params[name] = value;
      }
      return db
        .prepare<Record<string, string | number>, CorrectionRow>(`SELECT seq, at, actor, payload FROM changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`)
        .all(params)
        .map((r): AttendanceChangeRecord => ({ seq: r.seq, type: 'attendance', at: r.at, actor: r.actor, ...JSON.parse(r.payload) }));
    },
    async badgeKey() {
      const row = db.prepare<[], { value: Buffer }>("SELECT value FROM attendance_settings WHERE key = 'badge_hash_key'").get();
      if (!row) throw new Error('attendance: badge hash key missing');
      return row.value;
    },
    async totals() {
      const flows = db.prepare<[], GateHourFlow>('SELECT venue_id AS venueId, gate_id AS gateId, hour, entries, exits FROM attendance_flows').all();
      const uniques = db
        .prepare<[], { venueId: string; day: string; added: number }>('SELECT venue_id AS venueId, day, badges AS added FROM attendance_uniques')
        .all();
      return { flows, uniques };
    },
  };
}
