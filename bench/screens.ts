import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnNode, waitExit } from './children.js';
import { newHistogram, mergeEncoded, percentilesMs, type Percentiles } from './histogram.js';
import type { FromWorker, ToWorker, WorkerReport } from './screen-protocol.js';
import { DIST_DIR } from './server-process.js';

/** The workers' reports summed: their histograms merged into percentiles, and counts over every screen. */
export interface FleetReport extends Omit<WorkerReport, 'complete' | 'histogram'> {
  /**
   * Signings every screen should have: the acknowledged ones, or more when a request timed
   * out on the client after the server had committed and broadcast it.
   */
  expectedPerScreen: number;
  /** Delivered changes over screens × expected. */
  deliveredFraction: number;
  completeScreens: number;
  /** POST sent to screen received, in ms, over every (signing, screen) pair. */
  latency: Percentiles;
}

/** Real socket.io-client screens spread over several worker processes. */
export class ScreenFleet {
  readonly #workers: ChildProcess[];

  constructor(workers: number) {
    const script = path.join(DIST_DIR, 'bench/screen-worker.js');
    this.#workers = Array.from({ length: workers }, () => spawnNode(script, [], {}, ['ignore', 'inherit', 'inherit', 'ipc']));
  }

  /** The worker processes, for their CPU use. */
  get pids(): number[] {
    return this.#workers.flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  /** Connects `count` screens to `url`, split evenly; returns how many connected. */
  async connect(url: string, count: number, timeoutMs: number): Promise<{ connected: number; failed: number; firstError?: string }> {
    const shares = this.#split(count);
    const answers = await Promise.all(
      this.#workers.map((w, i) => this.#ask(w, { type: 'connect', url, count: shares[i] ?? 0 }, 'connected', timeoutMs)),
    );
    let connected = 0;
    let failed = 0;
    let firstError: string | undefined;
    for (const a of answers) {
      if (a.type !== 'connected') continue;
      connected += a.connected;
      failed += a.failed;
      firstError ??= a.firstError;
    }
    return { connected, failed, ...(firstError ? { firstError } : {}) };
  }

  async measure(tag: string): Promise<void> {
    await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'measure', tag }, 'measuring', 10_000)));
  }

  async churn(everyMs: number): Promise<void> {
    await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'churn', everyMs }, 'churning', 10_000)));
  }

  async drop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'drop' }, 'dropped', 10_000)));
  }

  async report(expected: number): Promise<FleetReport> {
    const answers = await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'report', expected }, 'report', 30_000)));
    return combine(answers.filter((a): a is { type: 'report' } & WorkerReport => a.type === 'report'), expected);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#workers.map(async (w) => {
        await this.#ask(w, { type: 'close' }, 'closed', 10_000).catch(() => undefined);
        await waitExit(w, 3000);
      }),
    );
  }

  #split(count: number): number[] {
    const n = this.#workers.length;
    return this.#workers.map((_, i) => Math.floor(count / n) + (i < count % n ? 1 : 0));
  }

  #ask(worker: ChildProcess, message: ToWorker, answer: FromWorker['type'], timeoutMs: number): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', listen);
        reject(new Error(`screen worker did not answer ${message.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listen = (reply: FromWorker) => {
        if (reply.type !== answer) return;
        clearTimeout(timer);
        worker.off('message', listen);
        resolve(reply);
      };
      worker.on('message', listen);
      worker.send(message);
    });
  }
}

function combine(reports: WorkerReport[], acked: number): FleetReport {
  const histogram = newHistogram();
  const sum = (pick: (r: WorkerReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  for (const r of reports) mergeEncoded(histogram, r.histogram);
  const screens = sum((r) => r.screens);
  const delivered = sum((r) => r.delivered);
  const maxPerScreen = reports.length ? Math.max(...reports.map((r) => r.maxPerScreen)) : 0;
  const expected = Math.max(acked, maxPerScreen);
  const firstError = reports.find((r) => r.firstError)?.firstError;
  return {
    screens,
    connected: sum((r) => r.connected),
    expectedPerScreen: expected,
    delivered,
    deliveredFraction: screens && expected ? Math.round((delivered / (screens * expected)) * 1e6) / 1e6 : 0,
    completeScreens: sum((r) => r.complete),
    minPerScreen: reports.length ? Math.min(...reports.map((r) => r.minPerScreen)) : 0,
    maxPerScreen,
    latency: percentilesMs(histogram),
    attendanceFrames: sum((r) => r.attendanceFrames),
    minEntriesTotal: reports.length ? Math.min(...reports.map((r) => r.minEntriesTotal)) : 0,
    maxEntriesTotal: reports.length ? Math.max(...reports.map((r) => r.maxEntriesTotal)) : 0,
    disconnects: sum((r) => r.disconnects),
    reconnects: sum((r) => r.reconnects),
    recovered: sum((r) => r.recovered),
    reconnectErrors: sum((r) => r.reconnectErrors),
    errors: sum((r) => r.errors),
    ...(firstError ? { firstError } : {}),
  };
}
