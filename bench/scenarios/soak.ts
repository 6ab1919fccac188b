import { nowMs, sleep } from '../clock.js';
import { newHistogram, percentilesMs } from '../histogram.js';
import { LoadGenerator } from '../load.js';
import type { BenchOptions } from '../options.js';
import { awaitDelivery, connectScreens, MB, reconnectStorm, settledRss, type Storm } from '../phases.js';
import { memoryGauges, startEventLoopDelay } from '../metrics.js';
import { CpuMeter, residentParts, rssBytes } from '../proc-stats.js';
import { progress, ratio, type Row, type ScenarioResult } from '../report.js';
import { startPavilion, type ServerProcess } from '../server-process.js';
import { issueToken } from '../tokens.js';

const SAMPLE_MS = 5000;
const PROBE_TIMEOUT_MS = 30_000;
const STORM_TIMEOUT_MS = 120_000;

interface Sample {
  atS: number;
  rssMB: number;
  /** Anonymous resident memory: V8's heap plus everything malloc holds (sockets, SQLite's cache). */
  rssAnonMB: number;
  rssFileMB: number;
  heapUsedMB?: number;
  heapTotalMB?: number;
  externalMB?: number;
  /** Anonymous RSS not reserved by V8: malloc's share (SQLite's page cache, sockets, buffers). */
  outsideHeapMB?: number;
  cpuPercent: number;
  healthMs: number;
  eventLoopP99Ms?: number;
}

/**
 * Screens for minutes with random reconnects and a steady trickle of signings: is memory
 * flat, do errors appear, do reconnected screens recover what they missed? Event-loop delay
 * comes from the server's /metrics, sampled every few seconds.
 */
export async function soakScenario(options: BenchOptions, runId: string): Promise<ScenarioResult> {
  const server = await startPavilion();
  try {
    const token = await issueToken(server.url, 'staff');
    const { fleet } = await connectScreens(server.url, options.soakScreens, options);
    try {
      const rssStart = await settledRss(server.pid);
      await fleet.measure(`${runId}k`);
      await fleet.churn(options.churnMs);
      const generator = new LoadGenerator({ url: server.url, path: '/api/v1/signings', token, tag: `${runId}k` }, options.connections);
      const durationMs = options.soakMinutes * 60_000;
      const [load, probe] = await Promise.all([generator.openLoop(options.intervalMs, durationMs), sampleWhile(server, durationMs, generator)]);
      await generator.close();
      await fleet.churn(0);
      const delivery = await awaitDelivery(fleet, load.acked, 15_000);
      const storm = await reconnectStorm(fleet, STORM_TIMEOUT_MS);
      const rssEnd = await settledRss(server.pid);
      const phases = { rssStartMB: rssStart / MB, rssEndMB: rssEnd / MB, load, delivery, storm, ...probe };
      return { scenario: 'soak', rows: rows(options, phases), phases };
    } finally {
      await fleet.close();
    }
  } finally {
    await server.stop();
  }
}

async function sampleWhile(server: ServerProcess, durationMs: number, generator: LoadGenerator) {
  const health = newHistogram();
  let healthFailures = 0;
  const samples: Sample[] = [];
  const started = nowMs();
  const cpu = new CpuMeter(server.pid);
  cpu.start();
  const loopDelay = await startEventLoopDelay(server.metricsUrl);
  let worstLoopP99 = 0;
  while (nowMs() - started < durationMs) {
    await sleep(Math.min(SAMPLE_MS, Math.max(0, durationMs - (nowMs() - started))));
    const sentAt = nowMs();
    // A probe that fails or times out is counted, and the soak goes on: it is what the soak is for.
    const answered = await fetch(`${server.url}/api/v1/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
      .then(async (r) => (await r.text(), r.ok))
      .catch(() => false);
    if (!answered) healthFailures += 1;
    const healthMs = nowMs() - sentAt;
    health.recordValue(Math.max(1, Math.round(healthMs * 1000)));
    const eventLoopP99Ms = (await loopDelay?.())?.p99Ms;
    worstLoopP99 = Math.max(worstLoopP99, eventLoopP99Ms ?? 0);
    const resident = residentParts(server.pid);
    const gauges = await memoryGauges(server.metricsUrl);
    const sample: Sample = {
      ...(eventLoopP99Ms === undefined ? {} : { eventLoopP99Ms }),
      ...(gauges ? { ...gauges, outsideHeapMB: Math.round(resident.anon / MB - gauges.heapTotalMB) } : {}),
      atS: Math.round((nowMs() - started) / 1000),
      rssMB: Math.round(rssBytes(server.pid) / MB),
      rssAnonMB: Math.round(resident.anon / MB),
      rssFileMB: Math.round(resident.file / MB),
      cpuPercent: cpu.stop(),
      healthMs: Math.round(healthMs * 100) / 100,
    };
    cpu.start();
    samples.push(sample);
    progress(`soak: ${sample.atS} s, RSS ${sample.rssMB} MB (files ${sample.rssFileMB}; heap ${sample.heapUsedMB ?? 'n/a'} of ${sample.heapTotalMB ?? 'n/a'}; outside it ${sample.outsideHeapMB ?? 'n/a'}), CPU ${sample.cpuPercent}%, GET /health ${sample.healthMs} ms, event-loop p99 ${sample.eventLoopP99Ms ?? 'n/a'} ms, ${generator.acked} signings, ${generator.errors} errors`);
  }
  return { samples, health: percentilesMs(health), healthFailures, worstEventLoopP99Ms: loopDelay ? worstLoopP99 : undefined };
}

const MEMORY_LABELS = { rssMB: 'server RSS', heapUsedMB: 'heap in use', outsideHeapMB: 'memory outside the V8 heap' } as const;

/** Growth over the second half of the samples: the first half holds the warm-up (JIT, heap sizing, caches filling). */
function secondHalf(samples: Sample[], pick: (s: Sample) => number | undefined): { from: number; to: number } | undefined {
  const values = samples.map(pick).filter((v): v is number => v !== undefined);
  if (values.length < 4) return undefined;
  const half = Math.floor(values.length / 2);
  // The smallest reading of each stretch: heap readings swing with garbage collection.
  return { from: Math.min(...values.slice(half, half + Math.ceil(half / 2))), to: Math.min(...values.slice(-Math.ceil(half / 2))) };
}

function rows(options: BenchOptions, p: { samples: Sample[]; rssStartMB: number; rssEndMB: number; load: { acked: number; errors: number }; delivery: { deliveredFraction: number; reconnects: number; recovered: number; reconnectErrors: number; errors: number }; health: { p99: number }; healthFailures: number; worstEventLoopP99Ms: number | undefined; storm: Storm }): Row[] {
  const scenario = `soak ${options.soakScreens} screens, ${options.soakMinutes} min`;
  const growth = ratio(p.rssEndMB, p.rssStartMB) ?? 0;
  const mb = (n: number) => Math.round(n * 10) / 10;
  return [
    { scenario, metric: 'server RSS start → end', value: `${mb(p.rssStartMB)} → ${mb(p.rssEndMB)}`, unit: 'MB', ratio: growth },
    ...(['rssMB', 'heapUsedMB', 'outsideHeapMB'] as const).flatMap((key): Row[] => {
      const half = secondHalf(p.samples, (s) => s[key]);
      if (!half) return [];
      const halfGrowth = ratio(half.to, half.from) ?? 0;
      const metric = `${MEMORY_LABELS[key]}, second half (lowest readings)`;
      return [{ scenario, metric, value: `${mb(half.from)} → ${mb(half.to)}`, unit: 'MB', ratio: halfGrowth, target: 'flat (≤ 1.1x)', met: halfGrowth <= 1.1 }];
    }),
    { scenario, metric: 'worst 5 s event-loop delay p99 (/metrics)', value: p.worstEventLoopP99Ms ?? 'n/a', unit: 'ms' },
    { scenario, metric: 'GET /health p99', value: p.health.p99, unit: 'ms' },
    { scenario, metric: 'GET /health failed or over 30 s', value: p.healthFailures, unit: '', target: '0', met: p.healthFailures === 0 },
    { scenario, metric: 'signings acknowledged', value: p.load.acked, unit: '' },
    { scenario, metric: 'HTTP errors', value: p.load.errors, unit: '', target: '0', met: p.load.errors === 0 },
    { scenario, metric: 'reconnects (recovered)', value: `${p.delivery.reconnects} (${p.delivery.recovered})`, unit: '' },
    { scenario, metric: 'delivered fraction', value: p.delivery.deliveredFraction, unit: '', target: '1', met: p.delivery.deliveredFraction === 1 },
    { scenario, metric: 'failed reconnect attempts (retried)', value: p.delivery.reconnectErrors, unit: '' },
    { scenario, metric: 'screen errors', value: p.delivery.errors, unit: '', target: '0', met: p.delivery.errors === 0 },
    { scenario, metric: 'all screens dropped at once: all back in', value: p.storm.backInSeconds ?? `not within ${STORM_TIMEOUT_MS / 1000}`, unit: 's', target: 'all back', met: p.storm.backInSeconds !== undefined },
    { scenario, metric: 'after the drop: reconnects (recovered) / failed attempts', value: `${p.storm.reconnects} (${p.storm.recovered}) / ${p.storm.failedAttempts}`, unit: '' },
  ];
}
