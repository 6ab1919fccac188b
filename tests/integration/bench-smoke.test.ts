import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDatabases, TEST_DATABASE_URL } from '../support/postgres.js';
import { tempDir } from '../support/server.js';

/**
 * Keeps `npm run bench` working: its smoke mode with tiny sizes against the built server
 * (`npm test` builds first). Figures are not asserted; only that it completes and that every
 * signing reached every screen.
 */
const RUN = path.resolve('dist/bench/run.js');

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

interface Delivery {
  delivery: { deliveredFraction: number };
}

function readResult<T>(dir: string, scenario: string): T {
  const file = fs.readdirSync(dir).find((f) => f.endsWith(`-${scenario}.json`));
  if (!file) throw new Error(`no ${scenario} result in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
}

/** Runs every scenario in smoke mode: those of `--scenario all`, and the soak. */
async function smoke(out: string): Promise<void> {
  const { code, output } = await runBench(['--smoke', '--scenario', 'screens,ingest,attendance,start,soak', '--out', out]);
  expect(code, output).toBe(0);
  const screens = readResult<{ phases: { steps: Array<{ pavilion: Delivery; bare: Delivery }> } }>(out, 'screens');
  for (const step of screens.phases.steps) {
    expect(step.pavilion.delivery.deliveredFraction).toBe(1);
    expect(step.bare.delivery.deliveredFraction).toBe(1);
  }
  type Ladder = { steps: Array<Delivery & { load: { acked: number } }> };
  const ingest = readResult<{ phases: { pavilion: Delivery; ladders: { pavilion: Ladder; bare: Ladder } } }>(out, 'ingest');
  expect(ingest.phases.pavilion.delivery.deliveredFraction).toBe(1);
  for (const ladder of [ingest.phases.ladders.pavilion, ingest.phases.ladders.bare]) {
    const [step, ...more] = ladder.steps;
    expect(more).toEqual([]);
    expect(step?.load.acked).toBeGreaterThan(0);
    expect(step?.delivery.deliveredFraction).toBe(1);
  }
  const start = readResult<{ phases: { exact: boolean } }>(out, 'start');
  expect(start.phases.exact).toBe(true);
  const soak = readResult<{ phases: Delivery & { storm: { backInSeconds?: number } } }>(out, 'soak');
  expect(soak.phases.delivery.deliveredFraction).toBe(1);
  expect(soak.phases.storm.backInSeconds).toBeGreaterThan(0);
}

interface Attendance {
  phases: { expectedEntries: number; server: { entriesTotal: number }; durable: { entriesBefore: number; entriesAfter: number } };
}

/** The scenarios that touch the store, on PostgreSQL: the bench creates a database per server and drops it at the end. */
async function smokeOnPostgres(out: string): Promise<void> {
  const benchDatabases = async () => (await listDatabases()).filter((name) => name.startsWith('pavilion_bench_'));
  const before = await benchDatabases();
  const { code, output } = await runBench(['--smoke', '--scenario', 'ingest,attendance,start', '--database-url', TEST_DATABASE_URL, '--out', out]);
  expect(code, output).toBe(0);
  expect(output).toContain('(PostgreSQL)');
  const ingest = readResult<{ phases: { pavilion: Delivery; durable: { acknowledged: number; foundAfterKill9: number } } }>(out, 'ingest-postgres');
  expect(ingest.phases.pavilion.delivery.deliveredFraction).toBe(1);
  expect(ingest.phases.durable.foundAfterKill9).toBe(ingest.phases.durable.acknowledged);
  const attendance = readResult<Attendance>(out, 'attendance-postgres');
  expect(attendance.phases.server.entriesTotal).toBe(attendance.phases.expectedEntries);
  expect(attendance.phases.durable.entriesAfter).toBe(attendance.phases.durable.entriesBefore);
  expect(readResult<{ phases: { exact: boolean } }>(out, 'start-postgres').phases.exact).toBe(true);
  expect(await benchDatabases()).toEqual(before);
}

/** Runs `check` with a fresh results folder, removed afterwards. */
async function withResults(prefix: string, check: (out: string) => Promise<void>): Promise<void> {
  const out = tempDir(prefix);
  try {
    await check(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('npm run bench --smoke', () => {
  it('completes and delivers every signing to every screen', () => withResults('pavilion-bench-smoke-', smoke), 120_000);

  it('runs on PostgreSQL with --database-url, durable and exact, and leaves no database behind', () =>
    withResults('pavilion-bench-smoke-pg-', smokeOnPostgres), 120_000);
});
