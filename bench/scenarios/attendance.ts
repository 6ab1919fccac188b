import { pollUntil } from '../clock.js';
import { LoadGenerator, type LoadResult } from '../load.js';
import type { BenchOptions } from '../options.js';
import { connectScreens, withTicker } from '../phases.js';
import { CpuMeter } from '../proc-stats.js';
import { progress, type Row, type ScenarioResult } from '../report.js';
import type { FleetReport, ScreenFleet } from '../screens.js';
import { startPavilion, type ServerProcess } from '../server-process.js';
import { issueToken } from '../tokens.js';

const VENUE = 'v1';
const GATES = ['v1-g1', 'v1-g2', 'v1-g3', 'v1-g4', 'v1-g5', 'v1-g6'];
const SCANS_PER_REQUEST = 1000;
const COUNTS_PER_REQUEST = 200;

const accepted = (text: string) => (JSON.parse(text) as { accepted?: number }).accepted ?? 0;

/** Badge scans, every one a new badge entering, in batches as a gate controller would send them. */
function scansBody(tag: string) {
  return (n: number) => {
    const at = new Date().toISOString();
    const scans = Array.from({ length: SCANS_PER_REQUEST }, (_, i) => ({ badgeId: `${tag}-${n}-${i}`, gateId: GATES[i % GATES.length], at, direction: 'in' }));
    return JSON.stringify({ scans });
  };
}

/** Interval count reports of one entry each, so that the expected total is the number accepted. */
function countsBody(tag: string) {
  return (n: number) => {
    const to = new Date();
    const from = new Date(to.getTime() - 1000).toISOString();
    const counts = Array.from({ length: COUNTS_PER_REQUEST }, (_, i) => ({ gateId: GATES[i % GATES.length], batchId: `${tag}-${n}-${i}`, from, to: to.toISOString(), entries: 1, exits: 0 }));
    return JSON.stringify({ counts });
  };
}

interface AttendanceSummaryBody {
  attendance: { total: { entriesTotal: number; uniqueTotal: number } } | null;
}

async function totals(url: string): Promise<{ entriesTotal: number; uniqueTotal: number }> {
  const body = (await (await fetch(`${url}/api/v1/summary`)).json()) as AttendanceSummaryBody;
  return body.attendance?.total ?? { entriesTotal: 0, uniqueTotal: 0 };
}

async function drive(server: ServerProcess, token: string, kind: 'scans' | 'counts', tag: string, options: BenchOptions) {
  const generator = new LoadGenerator(
    { url: server.url, path: `/api/v1/attendance/${kind}`, token, tag, okStatus: 202, itemsOf: accepted, body: kind === 'scans' ? scansBody(tag) : countsBody(tag) },
    Math.max(2, Math.round(options.connections / 8)),
  );
  const cpu = new CpuMeter(server.pid);
  cpu.start();
  const load = await withTicker(`attendance ${kind} (requests)`, generator, generator.closedLoop(options.durationS * 1000));
  await generator.close();
  return { load, cpuPercent: cpu.stop() };
}

/** Gate scans and count reports as fast as Pavilion acknowledges them, with screens listening. */
export async function attendanceScenario(options: BenchOptions, runId: string): Promise<ScenarioResult> {
  const server = await startPavilion();
  try {
    const token = await issueToken(server.url, 'device', { venueId: VENUE });
    const { fleet } = await connectScreens(server.url, options.ingestScreens, options);
    try {
      await fleet.measure(`${runId}a`);
      const started = Date.now();
      const scans = await drive(server, token, 'scans', `${runId}as`, options);
      progress(`attendance scans: ${scans.load.itemsPerSecond} scans/s acknowledged`);
      const counts = await drive(server, token, 'counts', `${runId}ac`, options);
      progress(`attendance counts: ${counts.load.itemsPerSecond} count reports/s acknowledged`);
      const expected = scans.load.items + counts.load.items;
      const rest = await atRest(server, fleet, expected);
      const seconds = (Date.now() - started) / 1000;
      const durable = await afterCrash(server, rest.server.entriesTotal);
      const phases = { scans, counts, expectedEntries: expected, ...rest, durable, framesPerScreenPerSecond: rest.screens.attendanceFrames / rest.screens.screens / seconds };
      return { scenario: 'attendance', rows: rows(options.ingestScreens, phases), phases };
    } finally {
      await fleet.close();
    }
  } finally {
    await server.stop();
  }
}

/** Waits until every screen shows the server's totals (or 15 s). */
async function atRest(server: ServerProcess, fleet: ScreenFleet, expected: number) {
  let screens: FleetReport = await fleet.report(0);
  let figures = await totals(server.url);
  await pollUntil(async () => {
    figures = await totals(server.url);
    screens = await fleet.report(0);
    return screens.minEntriesTotal === figures.entriesTotal && screens.maxEntriesTotal === figures.entriesTotal && figures.entriesTotal >= expected;
  }, 15_000, 250);
  progress(`attendance at rest: server entriesTotal ${figures.entriesTotal} (expected ${expected}), screens ${screens.minEntriesTotal}-${screens.maxEntriesTotal}`);
  return { server: figures, screens };
}

async function afterCrash(server: ServerProcess, entriesBefore: number) {
  await server.crash();
  const restarted = await startPavilion(server.dataDir);
  try {
    const after = await totals(restarted.url);
    progress(`attendance after kill -9 and restart: entriesTotal ${after.entriesTotal} (before ${entriesBefore})`);
    return { entriesBefore, entriesAfter: after.entriesTotal };
  } finally {
    await restarted.stop();
  }
}

interface Phases {
  scans: { load: LoadResult; cpuPercent: number };
  counts: { load: LoadResult; cpuPercent: number };
  expectedEntries: number;
  server: { entriesTotal: number };
  screens: FleetReport;
  durable: { entriesBefore: number; entriesAfter: number };
  framesPerScreenPerSecond: number;
}

function rows(screens: number, p: Phases): Row[] {
  const scenario = `attendance ${screens} screens`;
  const exact = p.server.entriesTotal === p.expectedEntries && p.screens.minEntriesTotal === p.expectedEntries && p.screens.maxEntriesTotal === p.expectedEntries;
  const fps = Math.round(p.framesPerScreenPerSecond * 100) / 100;
  return [
    { scenario, metric: 'badge scans/s acknowledged', value: p.scans.load.itemsPerSecond, unit: '/s', target: '≥ 100000/s', met: p.scans.load.itemsPerSecond >= 100_000 },
    { scenario, metric: 'count reports/s acknowledged', value: p.counts.load.itemsPerSecond, unit: '/s', target: '≥ 20000/s', met: p.counts.load.itemsPerSecond >= 20_000 },
    { scenario, metric: 'HTTP p99 scans / counts', value: `${p.scans.load.http.p99} / ${p.counts.load.http.p99}`, unit: 'ms' },
    { scenario, metric: 'server CPU scans / counts', value: `${p.scans.cpuPercent} / ${p.counts.cpuPercent}`, unit: '%' },
    { scenario, metric: 'attendance frames per screen', value: fps, unit: '/s', target: 'calm (≤ 2/s)', met: fps <= 2 },
    { scenario, metric: 'entriesTotal server / screens / expected', value: `${p.server.entriesTotal} / ${p.screens.minEntriesTotal}-${p.screens.maxEntriesTotal} / ${p.expectedEntries}`, unit: '', target: 'exact', met: exact },
    { scenario, metric: 'durable after kill -9', value: `${p.durable.entriesAfter}/${p.durable.entriesBefore}`, unit: '', target: 'all', met: p.durable.entriesAfter === p.durable.entriesBefore },
    { scenario, metric: 'errors', value: p.scans.load.errors + p.counts.load.errors, unit: '', target: '0', met: p.scans.load.errors + p.counts.load.errors === 0 },
  ];
}
