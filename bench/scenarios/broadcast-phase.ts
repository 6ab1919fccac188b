import { LoadGenerator, type LoadResult } from '../load.js';
import type { BenchOptions } from '../options.js';
import { awaitDelivery, connectScreens, KB, MB, settledRss, withTicker } from '../phases.js';
import { startEventLoopDelay, type EventLoopDelay } from '../metrics.js';
import { CpuMeter } from '../proc-stats.js';
import { progress } from '../report.js';
import type { FleetReport } from '../screens.js';
import type { ServerProcess } from '../server-process.js';

export interface BroadcastPhase {
  server: string;
  screens: number;
  connectSeconds: number;
  rssIdleMB: number;
  rssConnectedMB: number;
  rssEndMB: number;
  memoryPerScreenKB: number;
  /** The load generator and the screen workers together: on one machine they share its cores with the server. */
  clientsCpuPercent: number;
  serverCpuPercent: number;
  /** Absent when the server exposes no /metrics (the bare references). */
  eventLoopDelay?: EventLoopDelay;
  load: LoadResult;
  delivery: FleetReport;
}

export interface PhaseLoad {
  label: string;
  token: string;
  tag: string;
  /** Closed loop (as fast as the server answers) instead of one signing every `intervalMs`. */
  closedLoop: boolean;
  deliveryTimeoutMs: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Connects screens to `server`, drives signings, waits for delivery and measures the server. */
export async function broadcastPhase(server: ServerProcess, screens: number, load: PhaseLoad, options: BenchOptions): Promise<BroadcastPhase> {
  const rssIdle = await settledRss(server.pid, options.settleMs / 2);
  const { fleet, connectSeconds } = await connectScreens(server.url, screens, options);
  try {
    const rssConnected = await settledRss(server.pid, options.settleMs);
    await fleet.measure(load.tag);
    const generator = new LoadGenerator({ url: server.url, path: '/api/v1/signings', token: load.token, tag: load.tag }, options.connections);
    const cpu = new CpuMeter(server.pid);
    const clientsCpu = new CpuMeter(process.pid, ...fleet.pids);
    cpu.start();
    clientsCpu.start();
    const stopLoopDelay = await startEventLoopDelay(server.metricsUrl);
    const durationMs = options.durationS * 1000;
    const work = load.closedLoop ? generator.closedLoop(durationMs) : generator.openLoop(options.intervalMs, durationMs);
    const result = await withTicker(load.label, generator, work);
    await generator.close();
    progress(`${load.label}: waiting for every screen to receive ${result.acked} signings`);
    const delivery = await awaitDelivery(fleet, result.acked, load.deliveryTimeoutMs);
    const serverCpuPercent = cpu.stop();
    const clientsCpuPercent = clientsCpu.stop();
    const eventLoopDelay = await stopLoopDelay?.();
    progress(`${load.label}: delivered fraction ${delivery.deliveredFraction}, p99 POST→screen ${delivery.latency.p99} ms`);
    return {
      server: server.name,
      screens,
      connectSeconds,
      rssIdleMB: round(rssIdle / MB),
      rssConnectedMB: round(rssConnected / MB),
      rssEndMB: round((await settledRss(server.pid, 0)) / MB),
      memoryPerScreenKB: round((rssConnected - rssIdle) / screens / KB),
      serverCpuPercent,
      clientsCpuPercent,
      ...(eventLoopDelay ? { eventLoopDelay } : {}),
      load: result,
      delivery,
    };
  } finally {
    await fleet.close();
  }
}
