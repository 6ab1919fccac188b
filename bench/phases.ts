import { nowMs, sleep } from './clock.js';
import { LoadGenerator, type LoadResult } from './load.js';
import { workersFor, type BenchOptions } from './options.js';
import { CpuMeter, rssBytes } from './proc-stats.js';
import { progress } from './report.js';
import { ScreenFleet, type FleetReport } from './screens.js';
import type { ServerProcess } from './server-process.js';

/** Prints the load generator's counts once a second while `work` runs. */
export async function withTicker(label: string, load: LoadGenerator, work: Promise<LoadResult>): Promise<LoadResult> {
  const started = nowMs();
  let last = 0;
  const ticker = setInterval(() => {
    const acked = load.acked;
    progress(`${label}: ${Math.round((nowMs() - started) / 1000)} s, ${acked} acknowledged (${acked - last}/s), ${load.errors} errors`);
    last = acked;
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(ticker);
  }
}

/**
 * Waits until every screen has every acknowledged signing (and any that some screen got
 * although its request timed out), or `timeoutMs`; returns the last count.
 */
export async function awaitDelivery(fleet: ScreenFleet, acked: number, timeoutMs: number): Promise<FleetReport> {
  const deadline = Date.now() + timeoutMs;
  let report = await fleet.report(acked);
  while (Date.now() < deadline) {
    if (report.completeScreens === report.screens && report.maxPerScreen <= acked) break;
    await sleep(250);
    report = await fleet.report(Math.max(acked, report.maxPerScreen));
    if (report.completeScreens === report.screens) break;
  }
  return report;
}

export interface MeasuredLoad {
  load: LoadResult;
  delivery: FleetReport;
  serverCpuPercent: number;
  /** The load generator and the screen workers together: on one machine they share its cores with the server. */
  clientsCpuPercent: number;
}

/**
 * Sends signings tagged `run.tag` as `drive` paces them, waits until every screen has them (or
 * `run.deliveryTimeoutMs`), and measures the server's CPU and the clients' over both.
 */
export async function measuredLoad(
  server: ServerProcess,
  fleet: ScreenFleet,
  run: { token: string; tag: string; deliveryTimeoutMs: number },
  connections: number,
  drive: (generator: LoadGenerator) => Promise<LoadResult>,
): Promise<MeasuredLoad> {
  await fleet.measure(run.tag);
  const generator = new LoadGenerator({ url: server.url, path: '/api/v1/signings', token: run.token, tag: run.tag }, connections);
  const cpu = new CpuMeter(server.pid);
  const clientsCpu = new CpuMeter(process.pid, ...fleet.pids);
  cpu.start();
  clientsCpu.start();
  const load = await drive(generator);
  await generator.close();
  const delivery = await awaitDelivery(fleet, load.acked, run.deliveryTimeoutMs);
  return { load, delivery, serverCpuPercent: cpu.stop(), clientsCpuPercent: clientsCpu.stop() };
}

export interface Storm {
  /** From dropping every screen to every screen connected again; undefined if not within the time allowed. */
  backInSeconds: number | undefined;
  reconnects: number;
  recovered: number;
  failedAttempts: number;
}

/** Drops every screen's connection at once and times how long until all are connected again. */
export async function reconnectStorm(fleet: ScreenFleet, timeoutMs: number): Promise<Storm> {
  const before = await fleet.report(0);
  const started = nowMs();
  await fleet.drop();
  let report = await fleet.report(0);
  while (report.connected < report.screens && nowMs() - started < timeoutMs) {
    await sleep(250);
    report = await fleet.report(0);
  }
  const backInSeconds = report.connected === report.screens ? Math.round((nowMs() - started) / 100) / 10 : undefined;
  progress(`all ${report.screens} screens dropped at once: ${report.connected} back ${backInSeconds === undefined ? `after ${timeoutMs / 1000} s` : `in ${backInSeconds} s`}`);
  return {
    backInSeconds,
    reconnects: report.reconnects - before.reconnects,
    recovered: report.recovered - before.recovered,
    failedAttempts: report.reconnectErrors - before.reconnectErrors,
  };
}

export interface ConnectedFleet {
  fleet: ScreenFleet;
  connected: number;
  connectSeconds: number;
}

/** Starts worker processes and connects `count` screens; fails if fewer than all connect. */
export async function connectScreens(url: string, count: number, options: BenchOptions): Promise<ConnectedFleet> {
  const workers = workersFor(count, options);
  const fleet = new ScreenFleet(workers);
  const started = nowMs();
  progress(`connecting ${count} screens from ${workers} worker processes`);
  const result = await fleet.connect(url, count, 60_000 + count * 20);
  const connectSeconds = Math.round((nowMs() - started) / 100) / 10;
  progress(`${result.connected} of ${count} screens connected in ${connectSeconds} s`);
  if (result.connected < count) {
    await fleet.close();
    throw new Error(`only ${result.connected} of ${count} screens connected: ${result.firstError ?? 'timeout'}`);
  }
  return { fleet, connected: result.connected, connectSeconds };
}

/** RSS after a short pause, so that the figure is not caught mid-burst. */
export async function settledRss(pid: number, ms = 2000): Promise<number> {
  await sleep(ms);
  return rssBytes(pid);
}

export const KB = 1024;
export const MB = 1024 * 1024;
