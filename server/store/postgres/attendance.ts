import type { Pool, PoolClient } from 'pg';
import { ALL, type GateHourFlow } from '../../../shared/attendance.js';
import { readingDelta } from '../../attendance/counter.js';
import { DeltaBuilder } from '../../attendance/delta-builder.js';
import type { AttendanceCountsOp, AttendanceReadStore, AttendanceScansOp, CountItem, ScanItem, WriteResult } from '../types.js';
import type { AppendChangeAsync } from './changes.js';

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

const scanKey = (gateId: string, atMs: number | string, badge: Buffer, direction: number) => `${gateId}|${atMs}|${badge.toString('hex')}|${direction}`;
const sightingKey = (badge: Buffer, venueId: string, day: string) => `${badge.toString('hex')}|${venueId}|${day}`;
const sightingScopes = (s: ScanItem): Array<[venueId: string, day: string]> => [
  [s.venueId, s.day],
  [s.venueId, ALL],
  [ALL, s.day],
  [ALL, ALL],
];

/** Attendance writes, run inside the batch transaction: raw rows for idempotency, aggregates for the figures. */
export function pgAttendanceOps(client: PoolClient, appendChange: AppendChangeAsync) {
  const inserted = async (sql: string, params: unknown[]) => ((await client.query(sql, params)).rowCount ?? 0) > 0;
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
    const own = before ? readingDelta(toReading(before), current) : { entries: 0, exits: 0, note: 'first reading of this gate: baseline' };
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
      const next = readingDelta(current, toReading(after));
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

  /**
   * All scans of an operation in two statements, whatever their number: a round trip per
   * scan and badge kept PostgreSQL gates under a thousand scans a second. Input order
   * decides which of two equal scans counts, as it would one by one.
   */
  async function recordScans(scans: ScanItem[], delta: DeltaBuilder): Promise<number> {
    const stored = await client.query<{ gate_id: string; at_ms: string; badge: Buffer; direction: number }>(
      `INSERT INTO attendance_scans (gate_id, at_ms, badge, direction)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::smallint[])
       ON CONFLICT DO NOTHING RETURNING gate_id, at_ms, badge, direction`,
      [scans.map((s) => s.gateId), scans.map((s) => s.atMs), scans.map((s) => s.badge), scans.map((s) => (s.direction === 'in' ? 1 : 0))],
    );
    const storedKeys = new Set(stored.rows.map((r) => scanKey(r.gate_id, r.at_ms, r.badge, r.direction)));
    const fresh = scans.filter((s) => storedKeys.delete(scanKey(s.gateId, s.atMs, s.badge, s.direction === 'in' ? 1 : 0)));
    for (const scan of fresh) delta.flow(scan.venueId, scan.gateId, scan.hour, scan.direction === 'in' ? 1 : 0, scan.direction === 'out' ? 1 : 0);
    if (fresh.length > 0) await recordSightings(fresh, delta);
    return fresh.length;
  }

  /** A badge counts once per venue and day, once per venue, once per day and once in all. */
  async function recordSightings(scans: ScanItem[], delta: DeltaBuilder): Promise<void> {
    const sightings = scans.flatMap((s) => sightingScopes(s).map(([venueId, day]) => ({ badge: s.badge, venueId, day })));
    const firsts = await client.query<{ badge: Buffer; venue_id: string; day: string }>(
      `INSERT INTO attendance_badges (badge, venue_id, day)
       SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING badge, venue_id, day`,
      [sightings.map((s) => s.badge), sightings.map((s) => s.venueId), sightings.map((s) => s.day)],
    );
    const firstKeys = new Set(firsts.rows.map((r) => sightingKey(r.badge, r.venue_id, r.day)));
    for (const s of sightings) if (firstKeys.delete(sightingKey(s.badge, s.venueId, s.day))) delta.unique(s.venueId, s.day);
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
    const result: WriteResult = { type: 'attendance.recorded', accepted, duplicates, notes, changes };
    return result;
  }

  return {
    async 'attendance.counts'(op: AttendanceCountsOp): Promise<WriteResult> {
      const delta = new DeltaBuilder();
      const notes: Note[] = [];
      let accepted = 0;
      for (const item of op.items) {
        const newBatch = await inserted('INSERT INTO attendance_batches (gate_id, batch_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          item.gateId,
          item.batchId,
        ]);
        if (!newBatch) continue;
        if (item.kind === 'interval') delta.flow(item.venueId, item.gateId, item.hour, item.entries, item.exits);
        if (item.kind === 'interval' || (await recordReading(item, delta, notes))) accepted += 1;
      }
      return finish(delta, op, accepted, op.items.length - accepted, notes);
    },
    async 'attendance.scans'(op: AttendanceScansOp): Promise<WriteResult> {
      const delta = new DeltaBuilder();
      const accepted = await recordScans(op.items, delta);
      return finish(delta, op, accepted, op.items.length - accepted, []);
    },
  };
}

export function pgAttendanceRead(pool: Pool): AttendanceReadStore {
  return {
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
