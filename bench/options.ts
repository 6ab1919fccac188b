import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_DIR } from './server-process.js';

export const SCENARIOS = ['screens', 'ingest', 'attendance', 'soak', 'start', 'audience'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export type Mode = 'smoke' | 'quick' | 'full';

export interface BenchOptions {
  mode: Mode;
  scenarios: Scenario[];
  /** Screen counts for the `screens` scenario, one measurement each. */
  screens: number[];
  ingestScreens: number;
  soakScreens: number;
  /** Seconds of load in each measured phase. */
  durationS: number;
  /** Interval between signings in the `screens` and `soak` scenarios. */
  intervalMs: number;
  connections: number;
  workers: number | undefined;
  soakMinutes: number;
  /** Database size for the `start` scenario. */
  startSignings: number;
  startScans: number;
  /** Public viewers polling in the `audience` scenario. */
  audienceViewers: number;
  /** Soak: each worker drops a random screen's connection this often. */
  churnMs: number;
  /** Pause before reading a server's memory, so that it is not caught mid-burst. */
  settleMs: number;
  outDir: string;
  /** PostgreSQL server to run Pavilion on (a fresh database per server); SQLite when undefined. */
  databaseUrl: string | undefined;
}

const DEFAULTS: Record<Mode, Omit<BenchOptions, 'mode' | 'scenarios' | 'workers' | 'outDir' | 'databaseUrl' | 'audienceViewers'>> = {
  smoke: { screens: [20], ingestScreens: 20, soakScreens: 20, durationS: 2, intervalMs: 100, connections: 8, soakMinutes: 0.1, startSignings: 1000, startScans: 10_000, churnMs: 500, settleMs: 300 },
  quick: { screens: [1000], ingestScreens: 1000, soakScreens: 1000, durationS: 15, intervalMs: 100, connections: 64, soakMinutes: 10, startSignings: 100_000, startScans: 1_000_000, churnMs: 200, settleMs: 2000 },
  full: { screens: [1000, 5000, 10000], ingestScreens: 1000, soakScreens: 5000, durationS: 30, intervalMs: 100, connections: 128, soakMinutes: 30, startSignings: 100_000, startScans: 10_000_000, churnMs: 100, settleMs: 3000 },
};

export const USAGE = `npm run bench -- [--scenario screens|ingest|attendance|soak|start|audience|all] [--smoke|--full]
  [--screens 1000[,5000,...]] [--ingest-screens N] [--soak-screens N] [--duration SECONDS]
  [--interval-ms MS] [--connections N] [--workers N] [--soak-minutes M] [--churn-ms MS]
  [--start-signings N] [--start-scans N] [--viewers N] [--out DIR] [--database-url postgres://…]
Default: --scenario all (screens, ingest, attendance, start), quick mode, about 3 minutes.`;

function numbers(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map(Number);
  if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`--${name} takes positive numbers, not "${value}"`);
  return list;
}

function one(value: string | undefined, name: string): number | undefined {
  return numbers(value, name)?.[0];
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', default: 'all' },
      smoke: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      screens: { type: 'string' },
      'ingest-screens': { type: 'string' },
      'soak-screens': { type: 'string' },
      duration: { type: 'string' },
      'interval-ms': { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
      'soak-minutes': { type: 'string' },
      'churn-ms': { type: 'string' },
      'start-signings': { type: 'string' },
      'start-scans': { type: 'string' },
      viewers: { type: 'string' },
      out: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const mode: Mode = values.smoke ? 'smoke' : values.full ? 'full' : 'quick';
  const d = DEFAULTS[mode];
  const scenario = values.scenario ?? 'all';
  const scenarios: Scenario[] = scenario === 'all' ? ['screens', 'ingest', 'attendance', 'start'] : scenario.split(',').map(checkScenario);
  // A smoke run must not leave files in the repository.
  const defaultOut = mode === 'smoke' ? path.join(os.tmpdir(), 'pavilion-bench-smoke') : path.join(DIST_DIR, '..', 'bench', 'results');
  return {
    mode,
    scenarios,
    screens: numbers(values.screens, 'screens') ?? d.screens,
    ingestScreens: one(values['ingest-screens'], 'ingest-screens') ?? d.ingestScreens,
    soakScreens: one(values['soak-screens'], 'soak-screens') ?? d.soakScreens,
    durationS: one(values.duration, 'duration') ?? d.durationS,
    intervalMs: one(values['interval-ms'], 'interval-ms') ?? d.intervalMs,
    connections: one(values.connections, 'connections') ?? d.connections,
    workers: one(values.workers, 'workers'),
    soakMinutes: one(values['soak-minutes'], 'soak-minutes') ?? d.soakMinutes,
    churnMs: one(values['churn-ms'], 'churn-ms') ?? d.churnMs,
    startSignings: one(values['start-signings'], 'start-signings') ?? d.startSignings,
    startScans: one(values['start-scans'], 'start-scans') ?? d.startScans,
    audienceViewers: one(values.viewers, 'viewers') ?? (mode === 'smoke' ? 50 : 2000),
    settleMs: d.settleMs,
    outDir: path.resolve(values.out ?? defaultOut),
    databaseUrl: postgresUrl(values['database-url']),
  };
}

function postgresUrl(value: string | undefined): string | undefined {
  if (value !== undefined && !/^postgres(ql)?:\/\//.test(value)) throw new Error(`--database-url takes a postgres:// URL, not "${value}"`);
  return value;
}

function checkScenario(name: string): Scenario {
  if ((SCENARIOS as readonly string[]).includes(name)) return name as Scenario;
  throw new Error(`unknown scenario "${name}"\n${USAGE}`);
}

/** A few worker processes: about 2,500 screens each, at least 2, at most 4. */
export function workersFor(screens: number, options: BenchOptions): number {
  return options.workers ?? Math.min(4, Math.max(2, Math.ceil(screens / 2500)));
}
