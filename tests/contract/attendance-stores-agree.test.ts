import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import type { CountItem, ScanItem, WriteOp, WriteResult } from '../../server/store/operations.js';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { tempDir } from '../support/server.js';

/**
 * SQLite counts distinct visitors in memory, PostgreSQL with set-based statements per operation:
 * two ways to the same figures. Random batches, with repeats inside a batch and across
 * batches, must get the same answers and leave the same totals in both.
 */
const scanItem = fc.record({
  gateId: fc.constantFrom('g1', 'g2'),
  venueId: fc.constantFrom('v1', 'v2', 'v3'),
  badge: fc.integer({ min: 1, max: 6 }).map((n) => Buffer.alloc(16, n)),
  atMs: fc.integer({ min: 1, max: 4 }),
  day: fc.constantFrom('2024-06-20', '2024-06-21'),
  direction: fc.constantFrom('in' as const, 'out' as const),
}).map((s): ScanItem => ({ ...s, hour: `${s.day}T10` }));

const countItem = fc
  .tuple(
    fc.oneof(
      fc.record({ kind: fc.constant('interval' as const), entries: fc.nat(20), exits: fc.nat(20) }),
      fc.record({ kind: fc.constant('counter' as const), atMs: fc.integer({ min: 1, max: 6 }), entriesTotal: fc.nat(60), exitsTotal: fc.nat(60), perMinute: fc.constantFrom(30, 60) }),
    ),
    fc.record({ gateId: fc.constantFrom('g1', 'g2'), batchId: fc.constantFrom('b1', 'b2', 'b3', 'b4', 'b5') }),
  )
  .map(([reading, where]): CountItem => ({ ...reading, ...where, index: 0, venueId: 'v1', hour: '2024-06-20T10' }));

const at = '2024-06-20T02:00:00.000Z';
const scanOps = fc.array(fc.array(scanItem, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }).map((batches) =>
  batches.map((items): WriteOp => ({ type: 'attendance.scans', items, at, actor: 'gate' })),
);
const countOps = fc.array(fc.array(countItem, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }).map((batches) =>
  batches.map((items): WriteOp => ({ type: 'attendance.counts', items: items.map((item, index) => ({ ...item, index })), at, actor: 'gate' })),
);

function answer(result: WriteResult | Error | undefined) {
  if (!result || result instanceof Error || result.type !== 'attendance.recorded') throw new Error(`unexpected ${String(result)}`);
  return { accepted: result.accepted, duplicates: result.duplicates, notes: result.notes, delta: result.changes[0]?.type === 'attendance' ? result.changes[0].delta : undefined };
}

async function totals(store: Store) {
  const { flows, uniques } = await store.attendance.totals();
  const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    flows: byKey(flows, (f) => `${f.gateId}|${f.hour}`),
    uniques: byKey(uniques, (u) => `${u.venueId}|${u.day}`),
  };
}

describe('attendance on SQLite and PostgreSQL', () => {
  beforeAll(() => adminQuery('SELECT 1'));
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function agree(ops: WriteOp[]): Promise<void> {
    const dir = tempDir('pavilion-agree-');
    const schema = uniqueSchema();
    const sqlite = openSqliteStore(dir);
    const postgres = openTestStore(schema);
    cleanups.push(async () => dropSchema(schema));
    try {
      await Promise.all([sqlite.migrate(), postgres.migrate()]);
      for (const op of ops) {
        const [fromSqlite] = await sqlite.commit([op]);
        const [fromPostgres] = await postgres.commit([op]);
        expect(answer(fromPostgres)).toEqual(answer(fromSqlite));
      }
      expect(await totals(postgres)).toEqual(await totals(sqlite));
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('accepts the same scans and counts the same visitors', async () => {
    await fc.assert(fc.asyncProperty(scanOps, agree), { numRuns: 25 });
  }, 120_000);

  it('accepts the same count reports, counter readings among them, and adds up the same flows', async () => {
    await fc.assert(fc.asyncProperty(countOps, agree), { numRuns: 25 });
  }, 120_000);
});
