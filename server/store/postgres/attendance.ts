import type { Pool, PoolClient } from 'pg';
import { ALL, type GateHourFlow, type HourFlow } from '../../../shared/attendance.js';
import { readingDelta } from '../../attendance/counter.js';
import { correctionDelta, DeltaBuilder } from '../../attendance/delta-builder.js';
import type { AttendanceReadStore, AuditQuery } from '../types.js';
import type { AttendanceChangeRecord, AttendanceCorrectOp, AttendanceCountsOp, AttendanceScansOp, AttendanceRecorded, CountItem, OpResults, ScanItem } from '../operations.js';
import { changesPage, type AppendChangeAsync } from './changes.js';

interface ReadingRow {
  at_ms: string;
  hour: string;
  entries_total: string;
  exits_total: string;
  entries_delta: number;
  exits_delta: number;
}

type Note = { index: number; note: string };

// bigint columns arrive as strings: counter totals may outgrow 32 bits over a long fair.
const toReading = (r: ReadingRow) => ({
  atMs: Number(r.at_ms),
  entriesTotal: Number(r.entries_total),
  exitsTotal: Number(r.exits_total),
});

/** Attendance writes, run inside the batch transaction: raw rows for idempotency, aggregates for the figures. */
export function pgAttendanceOps(client: PoolClient, appendChange: AppendChangeAsync) {
  const reading = async (sql: string, gateId: string, atMs: number) =>
    (await client.query<ReadingRow>(sql, [gateId, atMs])).rows[0];

  /** A late reading slots in between two others: the later one's count is split, the total stays. */
  async function recordReading(item: Extract<CountItem, { kind: 'counter' }>, delta: DeltaBuilder, notes: Note[]): Promise<boolean> {
    if (await reading('SELECT * FROM attendance_readings WHERE gate_id = $1 AND at_ms = $2', item.gateId, item.atMs)) return false;
    const current = { atMs: item.atMs, entriesTotal: item.entriesTotal, exitsTotal: item.exitsTotal };
    const before = await reading(
      'SELECT * FROM attendance_readings WHERE gate_id = $1 AND at_ms < $2 ORDER BY at_ms DESC LIMIT 1',
      item.gateId,
      item.atMs,
    );
    const own = before ? readingDelta(toReading(before), current, item.perMinute) : { entries: 0, exits: 0, note: 'first reading of this gate: baseline' };
    if (own.note) notes.push({ index: item.index, note: own.note });
    await client.query(
      `INSERT INTO attendance_readings (gate_id, at_ms, hour, entries_total, exits_total, entries_delta, exits_delta)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [item.gateId, item.atMs, item.hour, item.entriesTotal, item.exitsTotal, own.entries, own.exits],
    );
    delta.flow(item.venueId, item.gateId, item.hour, own.entries, own.exits);
    const after = await reading(
      'SELECT * FROM attendance_readings WHERE gate_id = $1 AND at_ms > $2 ORDER BY at_ms ASC LIMIT 1',
      item.gateId,
      item.atMs,
    );
    if (after) {
      const next = readingDelta(current, toReading(after), item.perMinute);
      await client.query('UPDATE attendance_readings SET entries_delta = $1, exits_delta = $2 WHERE gate_id = $3 AND at_ms = $4', [
        next.entries,
        next.exits,
        item.gateId,
        after.at_ms,
      ]);
      delta.flow(item.venueId, item.gateId, after.hour, next.entries - after.entries_delta, next.exits - after.exits_delta);
    }
    return true;
  }

  /** The items whose batch was not recorded before, in input order: one statement for all of them. */
  async function newBatches(items: CountItem[]): Promise<CountItem[]> {
    const stored = await client.query<{ n: number }>(
      `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(gate_id, batch_id, n)),
       stored AS (INSERT INTO attendance_batches (gate_id, batch_id) SELECT gate_id, batch_id FROM input ON CONFLICT DO NOTHING RETURNING gate_id, batch_id)
       SELECT min(n)::int AS n FROM stored JOIN input USING (gate_id, batch_id) GROUP BY gate_id, batch_id ORDER BY n`,
      [items.map((i) => i.gateId), items.map((i) => i.batchId)],
    );
    return stored.rows.map((r) => items[r.n - 1]!);
  }

  /**
   * All scans of an operation in two statements, whatever their number: a round trip per
   * scan and badge kept PostgreSQL gates under a thousand scans a second. The answers are
   * positions in the input, not the rows themselves, so that nothing is parsed twice; input
   * order decides which of two equal scans counts, as it would one by one.
   */
  async function recordScans(scans: ScanItem[], delta: DeltaBuilder): Promise<number> {
    const stored = await client.query<{ n: number }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::smallint[]) WITH ORDINALITY AS t(gate_id, at_ms, badge, direction, n)
       ), stored AS (
         INSERT INTO attendance_scans (gate_id, at_ms, badge, direction) SELECT gate_id, at_ms, badge, direction FROM input
         ON CONFLICT DO NOTHING RETURNING gate_id, at_ms, badge, direction
       )
       SELECT min(n)::int AS n FROM stored JOIN input USING (gate_id, at_ms, badge, direction)
       GROUP BY gate_id, at_ms, badge, direction ORDER BY n`,
      [scans.map((s) => s.gateId), scans.map((s) => s.atMs), scans.map((s) => s.badge), scans.map((s) => (s.direction === 'in' ? 1 : 0))],
    );
    const fresh = stored.rows.map((r) => scans[r.n - 1]!);
    for (const scan of fresh) delta.flow(scan.venueId, scan.gateId, scan.hour, scan.direction === 'in' ? 1 : 0, scan.direction === 'out' ? 1 : 0);
    if (fresh.length > 0) await recordSightings(fresh, delta);
    return fresh.length;
  }

  /** A badge counts once per venue and day, once per venue, once per day and once in all. */
  async function recordSightings(scans: ScanItem[], delta: DeltaBuilder): Promise<void> {
    const firsts = await client.query<{ venue_id: string; day: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[]) WITH ORDINALITY AS t(badge, venue_id, day, n)
       ), wanted AS (
         SELECT input.badge, scope.venue_id, scope.day, input.n * 4 + scope.k AS rank FROM input CROSS JOIN LATERAL
           (VALUES (input.venue_id, input.day, 0), (input.venue_id, $4::text, 1), ($4::text, input.day, 2), ($4::text, $4::text, 3)) AS scope(venue_id, day, k)
       ), firsts AS (
         INSERT INTO attendance_badges (badge, venue_id, day) SELECT badge, venue_id, day FROM wanted
         ON CONFLICT DO NOTHING RETURNING badge, venue_id, day
       )
       SELECT venue_id, day FROM firsts JOIN wanted USING (badge, venue_id, day)
       GROUP BY badge, venue_id, day ORDER BY min(rank)`,
      [scans.map((s) => s.badge), scans.map((s) => s.venueId), scans.map((s) => s.day), ALL],
    );
    for (const first of firsts.rows) delta.unique(first.venue_id, first.day);
  }

  async function finish(delta: DeltaBuilder, op: { at: string; actor: string }, accepted: number, duplicates: number, notes: Note[]) {
    const built = delta.build();
    for (const f of built.flows) {
      await client.query(
        `INSERT INTO attendance_flows (gate_id, hour, venue_id, entries, exits) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (gate_id, hour) DO UPDATE SET entries = attendance_flows.entries + excluded.entries,
                                                   exits = attendance_flows.exits + excluded.exits`,
        [f.gateId, f.hour, f.venueId, f.entries, f.exits],
      );
    }
    for (const u of built.uniques) {
      await client.query(
        `INSERT INTO attendance_uniques (venue_id, day, badges) VALUES ($1, $2, $3)
         ON CONFLICT (venue_id, day) DO UPDATE SET badges = attendance_uniques.badges + excluded.badges`,
        [u.venueId, u.day, u.added],
      );
    }
    const changed = built.flows.length + built.uniques.length > 0;
    const changes = changed ? [await appendChange({ type: 'attendance', at: op.at, actor: op.actor, delta: built })] : [];
    const result: AttendanceRecorded = { type: 'attendance.recorded', accepted, duplicates, notes, changes };
    return result;
  }

  return {
    async 'attendance.counts'(op: AttendanceCountsOp): Promise<OpResults['attendance.counts']> {
      const delta = new DeltaBuilder();
      const notes: Note[] = [];
      let accepted = 0;
      for (const item of await newBatches(op.items)) {
        if (item.kind === 'interval') delta.flow(item.venueId, item.gateId, item.hour, item.entries, item.exits);
        if (item.kind === 'interval' || (await recordReading(item, delta, notes))) accepted += 1;
      }
      return finish(delta, op, accepted, op.items.length - accepted, notes);
    },
    /** Sets the gate's hour; the change carries the difference, so screens fold it like any report. */
    async 'attendance.correct'(op: AttendanceCorrectOp): Promise<OpResults['attendance.correct']> {
      // FOR UPDATE: the row cannot move between reading `before` and writing `after`.
      const { rows } = await client.query<HourFlow>('SELECT entries, exits FROM attendance_flows WHERE gate_id = $1 AND hour = $2 FOR UPDATE', [
        op.gateId,
        op.hour,
      ]);
      const before = rows[0] ? { entries: Number(rows[0].entries), exits: Number(rows[0].exits) } : { entries: 0, exits: 0 };
      const after = { entries: op.entries, exits: op.exits };
      await client.query(
        `INSERT INTO attendance_flows (gate_id, hour, venue_id, entries, exits) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (gate_id, hour) DO UPDATE SET entries = excluded.entries, exits = excluded.exits`,
        [op.gateId, op.hour, op.venueId, after.entries, after.exits],
      );
      const change = await appendChange({
        type: 'attendance',
        at: op.at,
        actor: op.actor,
        delta: correctionDelta(op, before, after),
        correction: { gateId: op.gateId, venueId: op.venueId, hour: op.hour, before, after },
        reason: op.reason,
      });
      return { type: 'attendance.corrected', before, after, seq: change.seq, changes: [change] };
    },
    async 'attendance.scans'(op: AttendanceScansOp): Promise<OpResults['attendance.scans']> {
      const delta = new DeltaBuilder();
      const accepted = await recordScans(op.items, delta);
      return finish(delta, op, accepted, op.items.length - accepted, []);
    },
  };
}

export function pgAttendanceRead(pool: Pool): AttendanceReadStore {
  return {
    async corrections(q: AuditQuery) {
      // Corrections are rare among attendance changes; the change log is their only record.
      return (await changesPage(pool, q, ["type = 'attendance'", "payload ? 'correction'"])) as AttendanceChangeRecord[];
    },
    async badgeKey() {
      const { rows } = await pool.query<{ value: Buffer }>("SELECT value FROM attendance_settings WHERE key = 'badge_hash_key'");
      if (!rows[0]) throw new Error('attendance: badge hash key missing');
      return rows[0].value;
    },
    async totals() {
      const flows = await pool.query<GateHourFlow>(
        'SELECT venue_id AS "venueId", gate_id AS "gateId", hour, entries, exits FROM attendance_flows',
      );
      const uniques = await pool.query<{ venueId: string; day: string; added: number }>(
        'SELECT venue_id AS "venueId", day, badges AS added FROM attendance_uniques',
      );
      return { flows: flows.rows, uniques: uniques.rows };
    },
  };
}
