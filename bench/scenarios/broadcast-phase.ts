import type { BenchOptions } from '../options.js';
import { connectScreens, KB, MB, measuredLoad, settledRss, withTicker, type MeasuredLoad } from '../phases.js';
import { startEventLoopDelay, type EventLoopDelay } from '../metrics.js';
import { progress } from '../report.js';
import type { ServerProcess } from '../server-process.js';

export interface BroadcastPhase extends MeasuredLoad {
  server: string;
  screens: number;
  connectSeconds: number;
  rssIdleMB: number;
  rssConnectedMB: number;
  rssEndMB: number;
  memoryPerScreenKB: number;
  /** Absent when the server exposes no /metrics (the bare references). */
  eventLoopDelay?: EventLoopDelay;
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
    let stopLoopDelay: Awaited<ReturnType<typeof startEventLoopDelay>>;
    const { load: result, delivery, serverCpuPercent, clientsCpuPercent } = await measuredLoad(server, fleet, load, options.connections, async (generator) => {
      stopLoopDelay = await startEventLoopDelay(server.metricsUrl);
      const durationMs = options.durationS * 1000;
      const work = load.closedLoop ? generator.closedLoop(durationMs) : generator.openLoop(options.intervalMs, durationMs);
      const sent = await withTicker(load.label, generator, work);
      progress(`${load.label}: waiting for every screen to receive ${sent.acked} signings`);
      return sent;
    });
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
