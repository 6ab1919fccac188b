import path from 'node:path';
import { LoadGenerator, type LoadResult } from '../load.js';
import type { BenchOptions } from '../options.js';
import { withTicker } from '../phases.js';
import { CpuMeter } from '../proc-stats.js';
import { progress, ratio, type Row, type ScenarioResult } from '../report.js';
import { DIST_DIR, startPavilion, startServerProcess } from '../server-process.js';
import { countedSignings, issueToken } from '../tokens.js';
import { broadcastPhase, type BroadcastPhase } from './broadcast-phase.js';
import { heldRate, highestHeld, LATENCY_TARGET_MS, rateLadders, type Ladder } from './ingest-ladder.js';

/**
 * Signings as fast as Pavilion acknowledges them with screens connected, against bare Express;
 * then at rising fixed rates, to find how many reach the screens within the latency target.
 */
export async function ingestScenario(options: BenchOptions, runId: string): Promise<ScenarioResult> {
  const bare = await bareExpress(options, runId);
  progress(`bare Express: ${bare.load.ackedPerSecond}/s at ${bare.cpuPercent}% CPU`);
  const { phase, durable } = await pavilion(options, runId);
  const ladders = await rateLadders(options, runId);
  return { scenario: 'ingest', rows: [...rows(phase, bare.load, durable), ...ladderRows(ladders)], phases: { bareExpress: bare, pavilion: phase, durable, ladders } };
}

async function bareExpress(options: BenchOptions, runId: string): Promise<{ load: LoadResult; cpuPercent: number }> {
  const server = await startServerProcess({ name: 'bare-express', script: path.join(DIST_DIR, 'bench/reference/bare-express.js') });
  try {
    const generator = new LoadGenerator({ url: server.url, path: '/api/v1/signings', token: 'none', tag: `${runId}ie` }, options.connections);
    const cpu = new CpuMeter(server.pid);
    cpu.start();
    const load = await withTicker('bare express', generator, generator.closedLoop(options.durationS * 1000));
    const cpuPercent = cpu.stop();
    await generator.close();
    return { load, cpuPercent };
  } finally {
    await server.stop();
  }
}

interface Durability {
  acknowledged: number;
  foundAfterKill9: number;
}

async function pavilion(options: BenchOptions, runId: string): Promise<{ phase: BroadcastPhase; durable: Durability }> {
  const server = await startPavilion();
  let phase: BroadcastPhase;
  try {
    const token = await issueToken(server.url, 'staff');
    const label = `pavilion ingest, ${options.ingestScreens} screens`;
    phase = await broadcastPhase(server, options.ingestScreens, { label, token, tag: `${runId}ip`, closedLoop: true, deliveryTimeoutMs: 30_000 }, options);
  } catch (error) {
    await server.stop();
    throw error;
  }
  // Each 201 must survive kill -9: crash the server and count what a restart finds.
  await server.crash();
  const restarted = await startPavilion(server.dataDir);
  try {
    const durable = { acknowledged: phase.load.acked, foundAfterKill9: await countedSignings(restarted.url) };
    progress(`after kill -9 and restart: ${durable.foundAfterKill9} of ${durable.acknowledged} acknowledged signings found`);
    return { phase, durable };
  } finally {
    await restarted.stop();
  }
}

function rows(phase: BroadcastPhase, bare: LoadResult, durable: Durability): Row[] {
  const scenario = `ingest ${phase.screens} screens`;
  const perSecond = phase.load.ackedPerSecond;
  const delivered = phase.delivery.deliveredFraction;
  return [
    { scenario, metric: 'signings/s acknowledged', value: perSecond, unit: '/s', reference: bare.ackedPerSecond, referenceName: 'bare Express', ratio: ratio(perSecond, bare.ackedPerSecond), target: '≥ 6000/s', met: perSecond >= 6000 },
    { scenario, metric: 'HTTP p99', value: phase.load.http.p99, unit: 'ms', reference: bare.http.p99, referenceName: 'bare Express' },
    { scenario, metric: 'POST→screen p99', value: phase.delivery.latency.p99, unit: 'ms', target: '< 150 ms', met: phase.delivery.latency.p99 < 150 },
    { scenario, metric: 'delivered fraction', value: delivered, unit: '', target: '1', met: delivered === 1 },
    { scenario, metric: 'durable after kill -9', value: `${durable.foundAfterKill9}/${durable.acknowledged}`, unit: '', target: 'all', met: durable.foundAfterKill9 >= durable.acknowledged },
    { scenario, metric: 'errors', value: phase.load.errors, unit: '', target: '0', met: phase.load.errors === 0 },
    { scenario, metric: 'server CPU', value: phase.serverCpuPercent, unit: '%' },
    { scenario, metric: 'load generator + screen clients CPU', value: phase.clientsCpuPercent, unit: '%' },
    { scenario, metric: 'event-loop delay p99 (/metrics)', value: phase.eventLoopDelay?.p99Ms ?? 'n/a', unit: 'ms' },
    { scenario, metric: 'server RSS', value: phase.rssEndMB, unit: 'MB' },
  ];
}

function ladderRows({ pavilion, bare }: { pavilion: Ladder; bare: Ladder }): Row[] {
  const scenario = `ingest ${pavilion.screens} screens`;
  const reference = { referenceName: 'bare Socket.IO' };
  const rate = heldRate(pavilion);
  const atRate = (ladder: Ladder) => highestHeld(ladder)?.delivery.latency.p99;
  const beyond = (ladder: Ladder) => {
    const next = ladder.steps.find((s) => !s.held);
    return next ? `${next.rate}/s: p99 ${next.delivery.latency.p99} ms, delivered ${next.delivery.deliveredFraction}` : 'none';
  };
  return [
    { scenario, metric: `fixed rate held: every signing on every screen, p99 < ${LATENCY_TARGET_MS} ms`, value: rate, unit: '/s', reference: heldRate(bare), ...reference, ratio: ratio(rate, heldRate(bare)), target: '≥ 6000/s', met: rate >= 6000 },
    { scenario, metric: 'POST→screen p99 at that rate', value: atRate(pavilion) ?? 'n/a', unit: 'ms', reference: atRate(bare), ...reference },
    { scenario, metric: 'first rate not held (Pavilion)', value: beyond(pavilion), unit: '' },
    { scenario, metric: 'first rate not held (bare Socket.IO)', value: beyond(bare), unit: '' },
  ];
}
