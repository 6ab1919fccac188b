import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadEventFile } from '../../server/config/event-file.js';
import { DEFAULT_EVENT_FILE } from '../../server/config/paths.js';
import { newSigning, requestHash } from '../../server/signings/create.js';
import { openStore } from '../../server/store/open.js';
import type { Store } from '../../server/store/types.js';
import type { ScanItem, WriteOp } from '../../server/store/operations.js';
import { localHourKey } from '../../shared/time.js';
import { demoSigning } from '../../scripts/demo/signings.js';
import type { BenchOptions } from '../options.js';
import { progress, type Row, type ScenarioResult } from '../report.js';
import { benchTempDir, databaseUrlFor, startPavilion } from '../server-process.js';
import { issueToken } from '../tokens.js';

const BATCH = 5000;
const event = loadEventFile(DEFAULT_EVENT_FILE);
const gates = event.venues.flatMap((v) => v.gates.map((g) => ({ venueId: v.id, gateId: g.id })));
const gate = gates[0]!;

/**
 * A restart on a large database: the data is written straight through the store (the same
 * operations the API commits), then the production server is started on it and timed until
 * `/api/v1/summary` answers with the exact totals.
 */
export async function startScenario(options: BenchOptions): Promise<ScenarioResult> {
  const dataDir = benchTempDir();
  const store = openStore({ dataDir, databaseUrl: await databaseUrlFor(dataDir) });
  await store.migrate();
  const seedStarted = performance.now();
  await seedSignings(store, options.startSignings);
  await seedScans(store, options.startScans);
  await store.close();
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  progress(`start: seeded ${options.startSignings} signings and ${options.startScans} scans in ${seedSeconds.toFixed(1)} s`);
  // A restart finds its data on disk long since; without this the kernel would still be
  // writing back the seed's gigabyte while the timed start runs.
  execFileSync('sync');

  const started = performance.now();
  const server = await startPavilion(dataDir);
  const summary = (await (await fetch(`${server.url}/api/v1/summary`)).json()) as { signings: { count: number }; attendance: { total: { entriesTotal: number } } | null };
  const seconds = (performance.now() - started) / 1000;
  const scansSeconds = (await firstScanAccepted(server.url) - started) / 1000;
  await server.stop();
  const exact = summary.signings.count === options.startSignings && (summary.attendance?.total.entriesTotal ?? 0) === Math.ceil(options.startScans / 2);
  progress(`start: serving in ${seconds.toFixed(2)} s, totals ${exact ? 'exact' : 'WRONG'}; scans accepted after ${scansSeconds.toFixed(2)} s`);
  const rows: Row[] = [
    {
      scenario: 'start',
      metric: `start to exact totals (${options.startSignings} signings, ${options.startScans} scans)`,
      value: Math.round(seconds * 100) / 100,
      unit: 's',
      target: '< 3 s, exact',
      met: exact && seconds < 3,
    },
    { scenario: 'start', metric: 'start to first badge scan accepted (badges read back)', value: Math.round(scansSeconds * 100) / 100, unit: 's' },
  ];
  return { scenario: 'start', rows, phases: { seedSeconds, startSeconds: seconds, scansSeconds, exact, ...options } };
}

/** Scans wait until the badges seen so far are back in memory: when one is accepted, gates are served again. */
async function firstScanAccepted(url: string): Promise<number> {
  const token = await issueToken(url, 'device', { venueId: gate.venueId });
  const scan = { badgeId: 'start-probe', gateId: gate.gateId, at: new Date().toISOString(), direction: 'in' };
  const res = await fetch(`${url}/api/v1/attendance/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(scan) });
  if (res.status !== 202) throw new Error(`start: probe scan answered ${res.status}`);
  return performance.now();
}

/** The seed is written straight to the store: no median to hold its amounts against. */
const NO_COUNTED = { medianCny: undefined, count: 0 };

async function seedSignings(store: Store, count: number): Promise<void> {
  const actor = { kind: 'token' as const, id: 'bench', name: 'bench', role: 'staff' as const };
  for (let done = 0; done < count; done += BATCH) {
    const ops: WriteOp[] = [];
    for (let i = done; i < Math.min(count, done + BATCH); i++) {
      const input = demoSigning(event);
      ops.push({ type: 'signing.create', idempotencyKey: randomUUID(), requestHash: requestHash(input), signing: newSigning(input, event, actor, new Date(), NO_COUNTED), actor: 'bench' });
    }
    await store.commit(ops);
  }
}

/** Every other scan is an entry; every badge is new, the most a start has to read back. */
async function seedScans(store: Store, count: number): Promise<void> {
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH * 4) {
    const items: ScanItem[] = [];
    for (let i = done; i < Math.min(count, done + BATCH * 4); i++) {
      const gate = gates[i % gates.length]!;
      const atMs = now - (count - i) * 10;
      const hour = localHourKey(atMs, event.timeZone);
      items.push({ ...gate, badge: randomBytes(16), atMs, hour, day: hour.slice(0, 10), direction: i % 2 === 0 ? 'in' : 'out' });
    }
    await store.commit([{ type: 'attendance.scans', items, at: new Date().toISOString(), actor: 'bench' }]);
    if (done % 1_000_000 === 0 && done > 0) progress(`start: ${done} scans seeded`);
  }
}
