import { LoadGenerator } from '../load.js';
import type { BenchOptions } from '../options.js';
import { connectScreens, measuredLoad, type MeasuredLoad } from '../phases.js';
import { progress } from '../report.js';
import type { ScreenFleet } from '../screens.js';
import { saveSummary, startBareBroadcast, startPavilion, type ServerProcess } from '../server-process.js';
import { issueToken } from '../tokens.js';

/** Issue 8's bound on POST→screen latency while signings pour in. */
export const LATENCY_TARGET_MS = 150;
/** Low enough for the bare reference, which sends every signing to every screen as its own message, to hold a step. */
const FIRST_RATE = 20;
/** Each step asks half as much again as the one before. */
const RATE_STEP = 1.5;
const MAX_RATE = 12_000;

export interface LadderStep extends MeasuredLoad {
  /** Signings/s asked for. */
  rate: number;
  /** Every signing sent and acknowledged, and on every screen with a p99 under the target. */
  held: boolean;
}

export interface Ladder {
  server: string;
  screens: number;
  stepSeconds: number;
  steps: LadderStep[];
}

/** The step of the highest rate a ladder held; a ladder stops at the first rate not held. */
export const highestHeld = (ladder: Ladder): LadderStep | undefined => ladder.steps.filter((s) => s.held).at(-1);

/** The highest rate a ladder held, 0 if none. */
export const heldRate = (ladder: Ladder): number => highestHeld(ladder)?.rate ?? 0;

/**
 * Pavilion and the bare Socket.IO reference, each on a fresh server with the same number of
 * screens, at fixed rising rates until a rate no longer keeps every screen within the latency
 * target. The closed loop finds how much Pavilion acknowledges; this finds how much reaches
 * the screens in time, which is what a screen at a ceremony shows.
 */
export async function rateLadders(options: BenchOptions, runId: string): Promise<{ pavilion: Ladder; bare: Ladder }> {
  const server = await startPavilion();
  let pavilion: Ladder;
  let summaryFile: string;
  try {
    pavilion = await climb(server, await issueToken(server.url, 'staff'), `${runId}lp`, options);
    summaryFile = await saveSummary(server);
  } finally {
    await server.stop();
  }
  const bareServer = await startBareBroadcast(summaryFile);
  try {
    return { pavilion, bare: await climb(bareServer, 'none', `${runId}lb`, options) };
  } finally {
    await bareServer.stop();
  }
}

async function climb(server: ServerProcess, token: string, tag: string, options: BenchOptions): Promise<Ladder> {
  const stepSeconds = Math.max(2, options.durationS / 5);
  const { fleet } = await connectScreens(server.url, options.ingestScreens, options);
  try {
    const steps: LadderStep[] = [];
    for (let rate = FIRST_RATE; rate <= MAX_RATE; rate = Math.round(rate * RATE_STEP)) {
      const step = await fixedRate(server, fleet, { token, tag: `${tag}${steps.length}`, rate, stepSeconds }, options);
      steps.push(step);
      progress(
        `ladder, ${server.name}, ${options.ingestScreens} screens: ${rate}/s asked, ${step.load.ackedPerSecond}/s acknowledged, ` +
          `delivered fraction ${step.delivery.deliveredFraction}, POST→screen p99 ${step.delivery.latency.p99} ms, ` +
          `CPU server ${step.serverCpuPercent} % clients ${step.clientsCpuPercent} %: ${step.held ? 'held' : 'not held'}`,
      );
      // A smoke run only checks that a step works.
      if (!step.held || options.mode === 'smoke') break;
    }
    return { server: server.name, screens: options.ingestScreens, stepSeconds, steps };
  } finally {
    await fleet.close();
  }
}

interface Step {
  token: string;
  tag: string;
  rate: number;
  stepSeconds: number;
}

async function fixedRate(server: ServerProcess, fleet: ScreenFleet, step: Step, options: BenchOptions): Promise<LadderStep> {
  const intervalMs = 1000 / step.rate;
  const durationMs = step.stepSeconds * 1000;
  const run = { token: step.token, tag: step.tag, deliveryTimeoutMs: 30_000 };
  const { load, delivery, serverCpuPercent, clientsCpuPercent } = await measuredLoad(server, fleet, run, options.connections, (generator) =>
    generator.openLoop(intervalMs, durationMs),
  );
  const held =
    load.errors === 0 &&
    load.acked === LoadGenerator.planned(intervalMs, durationMs) &&
    delivery.deliveredFraction === 1 &&
    delivery.latency.p99 < LATENCY_TARGET_MS;
  return { rate: step.rate, load, delivery, serverCpuPercent, clientsCpuPercent, held };
}
