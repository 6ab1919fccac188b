/**
 * One process of public viewers for the audience scenario: each viewer polls a URL with the
 * ETag it holds (If-None-Match), every `intervalMs` (0: as fast as it is answered), on its
 * own keep-alive connection, as a phone would. Started by audience.ts over IPC.
 */
import { Pool } from 'undici';
import { nowMs, sleep } from '../clock.js';
import { encode, newHistogram } from '../histogram.js';

export interface ViewerTask {
  url: string;
  path: string;
  viewers: number;
  intervalMs: number;
  durationMs: number;
}

export interface ViewerReport {
  ok: number;
  notModified: number;
  errors: number;
  firstError?: string;
  /** Latency of every answer, microseconds (hdr, encoded). */
  histogram: string;
  /** When this process first saw each seq, in ms since the epoch. */
  firstSeen: Record<number, number>;
  seconds: number;
}

const SEQ = /^\{"seq":(\d+)/;

async function run(task: ViewerTask): Promise<ViewerReport> {
  const pool = new Pool(task.url, { connections: task.viewers, pipelining: 1, keepAliveTimeout: 60_000 });
  const histogram = newHistogram();
  const report: ViewerReport = { ok: 0, notModified: 0, errors: 0, histogram: '', firstSeen: {}, seconds: 0 };
  const started = nowMs();
  const until = started + task.durationMs;
  const viewer = async (index: number) => {
    let etag: string | undefined;
    // Phones do not poll in step: each starts somewhere in the first interval.
    if (task.intervalMs > 0) await sleep((index / task.viewers) * task.intervalMs);
    while (nowMs() < until) {
      const sentAt = nowMs();
      try {
        const res = await pool.request({ path: task.path, method: 'GET', headers: etag ? { 'if-none-match': etag } : {} });
        const body = await res.body.text();
        const at = nowMs();
        histogram.recordValue(Math.max(1, Math.round((at - sentAt) * 1000)));
        if (res.statusCode === 200) {
          report.ok++;
          const header = res.headers['etag'];
          etag = typeof header === 'string' ? header : undefined;
          const seq = SEQ.exec(body)?.[1];
          if (seq !== undefined) report.firstSeen[Number(seq)] ??= at;
        } else if (res.statusCode === 304) report.notModified++;
        else throw new Error(`HTTP ${res.statusCode}`);
      } catch (error) {
        report.errors++;
        report.firstError ??= error instanceof Error ? error.message : String(error);
        await sleep(50);
      }
      if (task.intervalMs > 0) await sleep(Math.max(0, task.intervalMs - (nowMs() - sentAt)));
    }
  };
  await Promise.all(Array.from({ length: task.viewers }, (_, i) => viewer(i)));
  report.seconds = (nowMs() - started) / 1000;
  report.histogram = encode(histogram);
  await pool.close();
  return report;
}

process.on('message', (task: ViewerTask) => {
  run(task).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
