import crypto from 'node:crypto';
import os from 'node:os';
import { installCleanup, killAll } from './children.js';
import { parseOptions, USAGE, type BenchOptions, type Scenario } from './options.js';
import { machine, printTable, progress, writeResult, type Row, type ScenarioResult } from './report.js';
import { attendanceScenario } from './scenarios/attendance.js';
import { audienceScenario } from './scenarios/audience.js';
import { ingestScenario } from './scenarios/ingest.js';
import { screensScenario } from './scenarios/screens.js';
import { dropBenchDatabases, removeTempDirs, usePostgres } from './server-process.js';
import { soakScenario } from './scenarios/soak.js';
import { startScenario } from './scenarios/start.js';

/** Entry point of `npm run bench`: runs the chosen scenarios, prints the table, writes the results. */
const RUNNERS: Record<Scenario, (options: BenchOptions, runId: string) => Promise<ScenarioResult>> = {
  screens: screensScenario,
  ingest: ingestScenario,
  attendance: attendanceScenario,
  soak: soakScenario,
  start: startScenario,
  audience: audienceScenario,
};

/** Past this the benchmark gives up, whatever it is waiting for. */
function hardLimitMs(options: BenchOptions): number {
  const perPhase = options.durationS * 1000 + 120_000;
  return options.scenarios.length * 4 * perPhase * options.screens.length + options.soakMinutes * 60_000;
}

async function main(): Promise<void> {
  installCleanup();
  if (process.argv.includes('--help')) return console.log(USAGE);
  const options = parseOptions(process.argv.slice(2));
  usePostgres(options.databaseUrl);
  const watchdog = setTimeout(() => {
    console.error('the benchmark ran past its time limit; stopping');
    killAll();
    process.exit(2);
  }, hardLimitMs(options));
  watchdog.unref();
  const m = machine();
  const store = options.databaseUrl ? 'PostgreSQL' : 'SQLite';
  console.log(`Pavilion benchmark (${options.mode}, ${store}): ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, load ${m.loadAverage.join(' ')}`);
  const runId = crypto.randomBytes(3).toString('hex');
  const rows: Row[] = [];
  for (const scenario of options.scenarios) {
    const startedAt = new Date();
    const loadBefore = os.loadavg();
    progress(`scenario ${scenario}`);
    const result = onStore(await RUNNERS[scenario](options, runId), options);
    progress(`results: ${writeResult(result, options, startedAt, loadBefore)}`);
    rows.push(...result.rows);
  }
  printTable(rows);
}

/** Rows of a PostgreSQL run say so, since the same table also comes from SQLite runs. */
function onStore(result: ScenarioResult, options: BenchOptions): ScenarioResult {
  if (!options.databaseUrl) return result;
  return { ...result, rows: result.rows.map((row) => ({ ...row, scenario: `${row.scenario} (PostgreSQL)` })) };
}

main().then(
  async () => {
    killAll();
    removeTempDirs();
    await dropBenchDatabases();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    killAll();
    process.exit(1);
  },
);
