import type { BenchOptions } from '../options.js';
import { progress, ratio, type Row, type ScenarioResult } from '../report.js';
import { saveSummary, startBareBroadcast, startPavilion } from '../server-process.js';
import { issueToken } from '../tokens.js';
import { broadcastPhase, type BroadcastPhase } from './broadcast-phase.js';

/** N screens, a signing every `intervalMs`: Pavilion's POST→screen latency against a bare Socket.IO broadcast. */
export async function screensScenario(options: BenchOptions, runId: string): Promise<ScenarioResult> {
  const steps: Array<{ screens: number; pavilion: BroadcastPhase; bare: BroadcastPhase }> = [];
  for (const screens of options.screens) {
    progress(`screens: ${screens} screens, a signing every ${options.intervalMs} ms for ${options.durationS} s`);
    const { phase: pavilion, summaryFile } = await pavilionStep(screens, options, runId);
    const bare = await bareStep(screens, options, runId, summaryFile);
    steps.push({ screens, pavilion, bare });
  }
  return { scenario: 'screens', rows: steps.flatMap((s) => rows(s.screens, s.pavilion, s.bare)), phases: { steps } };
}

async function pavilionStep(screens: number, options: BenchOptions, runId: string) {
  const server = await startPavilion();
  try {
    const token = await issueToken(server.url, 'staff');
    const phase = await broadcastPhase(
      server,
      screens,
      { label: `pavilion ${screens} screens`, token, tag: `${runId}s${screens}p`, closedLoop: false, deliveryTimeoutMs: 15_000 },
      options,
    );
    return { phase, summaryFile: await saveSummary(server) };
  } finally {
    await server.stop();
  }
}

async function bareStep(screens: number, options: BenchOptions, runId: string, summaryFile: string) {
  const server = await startBareBroadcast(summaryFile);
  try {
    return await broadcastPhase(
      server,
      screens,
      { label: `bare broadcast ${screens} screens`, token: 'none', tag: `${runId}s${screens}b`, closedLoop: false, deliveryTimeoutMs: 15_000 },
      options,
    );
  } finally {
    await server.stop();
  }
}

function rows(screens: number, pavilion: BroadcastPhase, bare: BroadcastPhase): Row[] {
  const scenario = `screens ${screens}`;
  const p99Ratio = ratio(pavilion.delivery.latency.p99, bare.delivery.latency.p99);
  const reference = { referenceName: 'bare Socket.IO' };
  return [
    { scenario, metric: 'delivered fraction', value: pavilion.delivery.deliveredFraction, unit: '', reference: bare.delivery.deliveredFraction, ...reference, target: '1', met: pavilion.delivery.deliveredFraction === 1 },
    { scenario, metric: 'POST→screen p50', value: pavilion.delivery.latency.p50, unit: 'ms', reference: bare.delivery.latency.p50, ...reference, ratio: ratio(pavilion.delivery.latency.p50, bare.delivery.latency.p50) },
    { scenario, metric: 'POST→screen p99', value: pavilion.delivery.latency.p99, unit: 'ms', reference: bare.delivery.latency.p99, ...reference, ratio: p99Ratio, target: '≤ 1.5x bare', met: p99Ratio !== undefined && p99Ratio <= 1.5 },
    { scenario, metric: 'signings acknowledged', value: pavilion.load.acked, unit: '', reference: bare.load.acked, ...reference },
    { scenario, metric: 'HTTP errors (timeouts)', value: pavilion.load.errors, unit: '', reference: bare.load.errors, ...reference, target: '0', met: pavilion.load.errors === 0 },
    { scenario, metric: 'server CPU', value: pavilion.serverCpuPercent, unit: '%', reference: bare.serverCpuPercent, ...reference },
    { scenario, metric: 'load generator + screen clients CPU', value: pavilion.clientsCpuPercent, unit: '%', reference: bare.clientsCpuPercent, ...reference },
    { scenario, metric: 'event-loop delay p99 (/metrics)', value: pavilion.eventLoopDelay?.p99Ms ?? 'n/a', unit: 'ms' },
    { scenario, metric: 'server RSS with screens', value: pavilion.rssConnectedMB, unit: 'MB', reference: bare.rssConnectedMB, ...reference },
    { scenario, metric: 'memory per screen', value: pavilion.memoryPerScreenKB, unit: 'KB', reference: bare.memoryPerScreenKB, ...reference, ratio: ratio(pavilion.memoryPerScreenKB, bare.memoryPerScreenKB), target: '≤ 16 KB', met: pavilion.memoryPerScreenKB <= 16 },
  ];
}
