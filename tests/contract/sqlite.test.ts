import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../server/store/sqlite/migrations.js';
import { openSqliteStore, SQLITE_FILE } from '../../server/store/sqlite/sqlite-store.js';
import type { ScanItem, WriteOp } from '../../server/store/operations.js';
import { tempDir } from '../support/server.js';
import { defineStoreContract } from './store-contract.js';

defineStoreContract('sqlite', async () => {
  const dir = tempDir('pavilion-contract-');
  return {
    open: () => openSqliteStore(dir),
    destroy: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('sqlite sightings', () => {
  it('reads back sightings written over many writes, page by page', async () => {
    const dir = tempDir('pavilion-sightings-');
    const scan = (n: number, atMs: number): ScanItem => ({ gateId: 'g1', venueId: 'v1', badge: Buffer.alloc(16, n), atMs, hour: '2024-06-20T10', day: '2024-06-20', direction: 'in' });
    let store = openSqliteStore(dir);
    const ops: WriteOp[] = Array.from({ length: 120 }, (_, n) => ({ type: 'attendance.scans', items: [scan(n, 1)], at: 'now', actor: 'gate' }));
    await store.commit(ops);
    await store.close();
    store = openSqliteStore(dir);
    const [again] = await store.commit([{ type: 'attendance.scans', items: ops.map((_, n) => scan(n, 2)), at: 'now', actor: 'gate' }]);
    expect(again).toMatchObject({ accepted: 120, changes: [{ delta: { uniques: [] } }] });
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('sqlite migrations', () => {
  it('keeps the badges seen before distinct visitors were counted in memory', async () => {
    const dir = tempDir('pavilion-migrate-');
    const db = new Database(path.join(dir, SQLITE_FILE));
    // The schema as it was just before the sightings migration; later migrations are appended after it.
    const before = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE attendance_sightings'));
    SQLITE_MIGRATIONS.slice(0, before).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${before}`);
    const badge = Buffer.alloc(16, 4);
    const insert = db.prepare('INSERT INTO attendance_badges (badge, venue_id, day) VALUES (?, ?, ?)');
    for (const [venueId, day] of [['v1', '2024-06-20'], ['v1', '*'], ['*', '2024-06-20'], ['*', '*']]) insert.run(badge, venueId, day);
    db.close();

    const store = openSqliteStore(dir);
    const scan = (venueId: string) => ({ gateId: 'g1', venueId, badge, atMs: 1, hour: '2024-06-20T10', day: '2024-06-20', direction: 'in' }) as const;
    const [result] = await store.commit([{ type: 'attendance.scans', items: [scan('v1'), { ...scan('v2'), gateId: 'g2' }], at: 'now', actor: 'gate' }]);
    expect(result).toMatchObject({ accepted: 2, changes: [{ delta: { uniques: [{ venueId: 'v2', day: '2024-06-20', added: 1 }, { venueId: 'v2', day: '*', added: 1 }] } }] });
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
