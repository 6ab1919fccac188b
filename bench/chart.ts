import fs from 'node:fs';
import path from 'node:path';
import { audienceChart } from './scenarios/audience-chart.js';
import { heldRate, type Ladder } from './scenarios/ingest-ladder.js';
import { DIST_DIR } from './server-process.js';
import { barChart, COLORS, lineChart } from './svg.js';

/** `npm run bench:chart`: SVG charts in docs/bench/ from the results in bench/results/. */
const ROOT = path.resolve(DIST_DIR, '..');
const RESULTS = path.join(ROOT, 'bench/results');
const OUT = path.join(ROOT, 'docs/bench');

interface Latency {
  p50: number;
  p99: number;
}
interface Step {
  screens: number;
  pavilion: { delivery: { latency: Latency } };
  bare: { delivery: { latency: Latency } };
}
interface Result {
  scenario: string;
  mode: string;
  startedAt: string;
  phases: Record<string, unknown>;
  options?: { databaseUrl?: string };
}

function results(): Result[] {
  if (!fs.existsSync(RESULTS)) return [];
  return fs
    .readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS, f), 'utf8')) as Result)
    // The charts show the default store; PostgreSQL runs are read from their own files.
    .filter((r) => r.mode !== 'smoke' && !r.options?.databaseUrl);
}

/**
 * The newest run that measured several screen counts: sizes taken from different runs
 * would mix machines and loads in one line.
 */
function latencyChart(all: Result[]): string | undefined {
  const runs = all.filter((r) => r.scenario === 'screens').map((r) => (r.phases.steps as Step[] | undefined) ?? []);
  const steps = [...(runs.filter((s) => s.length > 1).at(-1) ?? [])].sort((a, b) => a.screens - b.screens);
  if (steps.length === 0) return undefined;
  const pick = (f: (s: Step) => number) => steps.map(f);
  return lineChart('POST → screen latency against connected screens (log scale)', 'connected screens, a signing every 100 ms', 'ms', steps.map((s) => String(s.screens)), [
    { name: 'Pavilion p99', color: COLORS[0]!, values: pick((s) => s.pavilion.delivery.latency.p99) },
    { name: 'bare Socket.IO p99', color: COLORS[1]!, values: pick((s) => s.bare.delivery.latency.p99) },
    { name: 'Pavilion p50', color: COLORS[2]!, values: pick((s) => s.pavilion.delivery.latency.p50), dashed: true },
    { name: 'bare Socket.IO p50', color: COLORS[3]!, values: pick((s) => s.bare.delivery.latency.p50), dashed: true },
  ], true);
}

interface Ingest {
  bareExpress: { load: { ackedPerSecond: number } };
  pavilion: { screens: number; load: { ackedPerSecond: number } };
  /** Absent from runs before the rate ladders were added. */
  ladders?: { pavilion: Ladder; bare: Ladder };
}

/**
 * The newest ingest run for each screen count, each beside the bare Express ceiling of its own
 * run, and the fixed rates its ladders held within 150 ms where it has them.
 */
function throughputChart(all: Result[]): string | undefined {
  const bySize = new Map<number, Ingest>();
  for (const r of all.filter((r) => r.scenario === 'ingest')) {
    const p = r.phases as unknown as Ingest;
    bySize.set(p.pavilion.screens, p);
  }
  if (bySize.size === 0) return undefined;
  const bars = [...bySize.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([screens, p]) => [
      { label: `bare Express\n(same run as\n${screens} screens)`, value: p.bareExpress.load.ackedPerSecond, color: COLORS[1]! },
      { label: `Pavilion\n${screens} screens,\nclosed loop`, value: p.pavilion.load.ackedPerSecond, color: COLORS[0]! },
      ...(p.ladders
        ? [
            { label: `bare Socket.IO\n${screens} screens,\nfixed rates,\np99 < 150 ms`, value: heldRate(p.ladders.bare), color: COLORS[3]! },
            { label: `Pavilion\n${screens} screens,\nfixed rates,\np99 < 150 ms`, value: heldRate(p.ladders.pavilion), color: COLORS[2]! },
          ]
        : []),
    ]);
  return barChart('Signings per second: acknowledged, and on every screen within 150 ms', 'per second', [...bars, { label: 'target\n(issue 8)', value: 6000, color: '#bbb' }]);
}

interface Soak {
  samples: Array<{ atS: number; rssMB: number; heapTotalMB?: number; outsideHeapMB?: number; eventLoopP99Ms?: number }>;
}

/** Samples a soak needs to be charted: the quick 10-minute soak counts, runs of a few minutes say little about memory. */
const CHARTED_SOAK_S = 9 * 60;

/** Server memory over the newest soak of at least ten minutes: flat is the target. */
function soakChart(all: Result[]): string | undefined {
  const long = (r: Result) => ((r.phases as unknown as Soak).samples?.at(-1)?.atS ?? 0) >= CHARTED_SOAK_S;
  const latest = all.filter((r) => r.scenario === 'soak' && long(r)).at(-1);
  if (!latest) return undefined;
  const { samples } = latest.phases as unknown as Soak;
  const title = `Server memory during the soak (${latest.startedAt.slice(0, 16).replace('T', ' ')})`;
  // Soaks from before the split into V8's heap and the rest chart RSS alone.
  const parts = samples.some((s) => s.outsideHeapMB !== undefined)
    ? [
        { name: 'V8 heap reserved', color: COLORS[1]!, values: samples.map((s) => s.heapTotalMB) },
        { name: 'outside the V8 heap', color: COLORS[4]!, values: samples.map((s) => s.outsideHeapMB) },
      ]
    : [];
  return lineChart(title, 'seconds', 'MB', samples.map((s) => String(s.atS)), [
    { name: 'Pavilion RSS', color: COLORS[0]!, values: samples.map((s) => s.rssMB) },
    ...parts,
  ]);
}

function main(): void {
  const all = results();
  fs.mkdirSync(OUT, { recursive: true });
  const charts: Array<[string, string | undefined]> = [
    ['latency-vs-screens.svg', latencyChart(all)],
    ['throughput.svg', throughputChart(all)],
    ['soak-memory.svg', soakChart(all)],
    ['audience.svg', audienceChart(all)],
  ];
  for (const [name, svg] of charts) {
    if (!svg) {
      console.log(`${name}: no results yet`);
      continue;
    }
    fs.writeFileSync(path.join(OUT, name), svg + '\n');
    console.log(`wrote docs/bench/${name}`);
  }
}

main();
