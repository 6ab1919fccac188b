import fs from 'node:fs';
import path from 'node:path';
import { loadEventFile } from '../../server/config/event-file.js';
import { DEFAULT_EVENT_FILE } from '../../server/config/paths.js';
import { PUBLIC_LATEST_LIMIT, PUBLIC_POLL_MS, PUBLIC_SUMMARY_CACHE, PUBLIC_SUMMARY_PATH } from '../../shared/public-contract.js';
import { demoSigning } from '../../scripts/demo/signings.js';
import { spawnNode, waitExit } from '../children.js';
import { nowMs, sleep } from '../clock.js';
import { mergeEncoded, newHistogram, percentilesMs, type Percentiles } from '../histogram.js';
import type { BenchOptions } from '../options.js';
import { progress, ratio, type Row, type ScenarioResult } from '../report.js';
import { benchTempDir, DIST_DIR, startPavilion } from '../server-process.js';
import { issueToken } from '../tokens.js';
import { pageBudget, PUBLIC_JS_BUDGET, type PageBudget } from './audience-budget.js';
import { startBenchNginx } from './audience-nginx.js';
import type { ViewerReport, ViewerTask } from './audience-viewers.js';
import { runWrk, wrkAvailable } from './audience-wrk.js';

const event = loadEventFile(DEFAULT_EVENT_FILE);
const SIGNINGS_PER_SECOND = 2;
const VIEWER_PROCESSES = 2;
/** How long viewers go on after the last signing: one poll, one cache lifetime and a second. */
const SEEN_TAIL_MS = PUBLIC_POLL_MS + PUBLIC_SUMMARY_CACHE.maxAgeS * 1000 + 1000;

interface Ack {
  seq: number;
  at: number;
}

interface Phase {
  target: string;
  /** `wrk`: as fast as answered, driven by wrk instead of the Node viewers. */
  mode: 'polling' | 'closed-loop' | 'wrk';
  viewers: number;
  served: number;
  notModified: number;
  errors: number;
  firstError?: string;
  reqPerSecond: number;
  latency: Percentiles;
  upstreamPerSecond?: number;
  staleness?: Percentiles & { signings: number; unseen: number };
}

/** Signings through the API at a steady pace until stopped; each acknowledgement's seq and time. */
function signer(url: string, token: string) {
  const acks: Ack[] = [];
  let running = true;
  const done = (async () => {
    let n = 0;
    const started = nowMs();
    while (running) {
      const res = await fetch(`${url}/api/v1/signings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `audience-${started}-${n++}` },
        body: JSON.stringify(demoSigning(event)),
      });
      const at = nowMs();
      if (res.status === 201) acks.push({ seq: ((await res.json()) as { seq: number }).seq, at });
      else await res.arrayBuffer();
      await sleep(Math.max(0, started + (n * 1000) / SIGNINGS_PER_SECOND - nowMs()));
    }
  })();
  return {
    acks,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Runs `viewers` viewers in a few processes against `url` and merges what they saw. */
async function view(url: string, route: string, viewers: number, intervalMs: number, durationMs: number): Promise<ViewerReport[]> {
  const script = path.join(DIST_DIR, 'bench/scenarios/audience-viewers.js');
  const per = Math.ceil(viewers / VIEWER_PROCESSES);
  const reports = Array.from({ length: VIEWER_PROCESSES }, (_, i) => {
    const child = spawnNode(script, [], {}, ['ignore', 'inherit', 'inherit', 'ipc']);
    const task: ViewerTask = { url, path: route, viewers: Math.min(per, viewers - i * per), intervalMs, durationMs };
    child.send(task);
    return new Promise<ViewerReport>((resolve, reject) => {
      child.once('message', (report) => resolve(report as ViewerReport));
      child.once('exit', (code) => code !== 0 && reject(new Error(`audience viewers exited with ${code}`)));
    }).finally(() => waitExit(child, 5000));
  });
  return Promise.all(reports);
}

/** Merges the viewer processes' reports into one phase's figures; staleness against `acks`. */
function phaseOf(target: string, mode: Phase['mode'], viewers: number, reports: ViewerReport[], acks: Ack[] | undefined, upstream?: number): Phase {
  const histogram = newHistogram();
  reports.forEach((r) => mergeEncoded(histogram, r.histogram));
  const seconds = Math.max(...reports.map((r) => r.seconds));
  const served = reports.reduce((n, r) => n + r.ok + r.notModified, 0);
  const phase: Phase = {
    target,
    mode,
    viewers,
    served,
    notModified: reports.reduce((n, r) => n + r.notModified, 0),
    errors: reports.reduce((n, r) => n + r.errors, 0),
    ...(reports.find((r) => r.firstError) ? { firstError: reports.find((r) => r.firstError)!.firstError } : {}),
    reqPerSecond: Math.round(served / seconds),
    latency: percentilesMs(histogram),
  };
  if (upstream !== undefined) phase.upstreamPerSecond = Math.round((upstream / seconds) * 100) / 100;
  if (acks) phase.staleness = staleness(acks, reports);
  return phase;
}

/**
 * For each acknowledged signing, the time until the first viewer held figures that include
 * it (a seq at or past its own). Signings no viewer saw before the end count as unseen.
 */
function staleness(acks: Ack[], reports: ViewerReport[]): Percentiles & { signings: number; unseen: number } {
  const seen = new Map<number, number>();
  for (const r of reports) for (const [seq, at] of Object.entries(r.firstSeen)) seen.set(Number(seq), Math.min(at, seen.get(Number(seq)) ?? Infinity));
  const sightings = [...seen].sort((a, b) => a[0] - b[0]);
  const histogram = newHistogram();
  let unseen = 0;
  for (const ack of acks) {
    const first = Math.min(...sightings.filter(([seq]) => seq >= ack.seq).map(([, at]) => at));
    if (!Number.isFinite(first)) unseen++;
    else histogram.recordValue(Math.max(1, Math.round((first - ack.at) * 1000)));
  }
  return { ...percentilesMs(histogram), signings: acks.length, unseen };
}

/**
 * The public audience: K viewers polling the public summary every 2 s with If-None-Match
 * while signings arrive at 2 a second, through the documented nginx micro-cache and directly
 * against Pavilion, then each as fast as it answers; bare nginx serving a static file of the
 * summary's size is the reference for the latter.
 */
export async function audienceScenario(options: BenchOptions): Promise<ScenarioResult> {
  const budget = pageBudget(path.join(DIST_DIR, 'client'));
  progress(`audience: the phone page loads ${budget.totalGzip} bytes of gzipped JavaScript in ${budget.files.length} files`);
  const server = await startPavilion();
  const dir = benchTempDir();
  try {
    const token = await issueToken(server.url, 'staff');
    // The summary at its working size (a full list of latest signings) before the static copy is taken.
    for (let i = 0; i < PUBLIC_LATEST_LIMIT + 2; i++) {
      const res = await fetch(`${server.url}/api/v1/signings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `audience-seed-${i}` },
        body: JSON.stringify(demoSigning(event)),
      });
      await res.arrayBuffer();
    }
    const staticFile = path.join(dir, 'summary.json');
    fs.writeFileSync(staticFile, await (await fetch(server.url + PUBLIC_SUMMARY_PATH)).text());
    const nginx = await startBenchNginx(dir, Number(new URL(server.url).port), staticFile);
    try {
      const viewers = options.audienceViewers;
      const ms = options.durationS * 1000;
      const phases: Phase[] = [];
      const targets = [
        { name: 'nginx micro-cache', url: nginx.cachedUrl, route: PUBLIC_SUMMARY_PATH, signings: true, upstream: true },
        { name: 'Pavilion direct', url: server.url, route: PUBLIC_SUMMARY_PATH, signings: true, upstream: false },
        { name: 'bare nginx, static file', url: nginx.staticUrl, route: '/static.json', signings: false, upstream: false },
      ];
      for (const mode of ['polling', 'closed-loop'] as const) {
        for (const t of targets) {
          const signing = t.signings ? signer(server.url, token) : undefined;
          const upstreamBefore = nginx.upstreamRequests();
          const viewing = view(t.url, t.route, viewers, mode === 'polling' ? PUBLIC_POLL_MS : 0, ms + SEEN_TAIL_MS);
          // Signings stop a poll and a cache lifetime before the viewers, so each one can be seen.
          await sleep(ms);
          await signing?.stop();
          const reports = await viewing;
          const phase = phaseOf(t.name, mode, viewers, reports, signing?.acks, t.upstream ? nginx.upstreamRequests() - upstreamBefore : undefined);
          phases.push(phase);
          progress(`audience ${mode} ${t.name}: ${phase.reqPerSecond} req/s, p99 ${phase.latency.p99} ms${phase.upstreamPerSecond !== undefined ? `, upstream ${phase.upstreamPerSecond}/s` : ''}${phase.staleness ? `, staleness p99 ${phase.staleness.p99} ms (${phase.staleness.unseen} unseen)` : ''}, errors ${phase.errors}`);
        }
      }
      if (wrkAvailable()) {
        for (const t of targets) {
          const signing = t.signings ? signer(server.url, token) : undefined;
          const upstreamBefore = nginx.upstreamRequests();
          const result = await runWrk(dir, t.url + t.route, Math.min(viewers, 1000), options.durationS);
          await signing?.stop();
          const phase: Phase = {
            target: t.name,
            mode: 'wrk',
            viewers: Math.min(viewers, 1000),
            served: result.reqPerSecond * options.durationS,
            notModified: 0,
            errors: result.errors,
            reqPerSecond: result.reqPerSecond,
            latency: { count: result.reqPerSecond * options.durationS, p50: result.p50, p90: NaN, p99: result.p99, p999: NaN, max: NaN },
            ...(t.upstream ? { upstreamPerSecond: Math.round(((nginx.upstreamRequests() - upstreamBefore) / options.durationS) * 100) / 100 } : {}),
          };
          phases.push(phase);
          progress(`audience wrk ${t.name}: ${phase.reqPerSecond} req/s, p99 ${phase.latency.p99} ms, errors ${phase.errors}`);
        }
      } else {
        progress('audience: wrk is not installed (apt-get install -y wrk), so the ratios come from the Node viewers');
      }
      return { scenario: 'audience', rows: rows(viewers, phases, budget), phases: { viewers, budget, phases, summaryBytes: fs.statSync(staticFile).size } };
    } finally {
      await nginx.stop();
    }
  } finally {
    await server.stop();
  }
}

function rows(viewers: number, phases: Phase[], budget: PageBudget): Row[] {
  const scenario = `audience ${viewers} viewers`;
  const find = (target: string, mode: Phase['mode']) => phases.find((p) => p.target === target && p.mode === mode)!;
  // The ratios come from wrk when it ran: the Node viewers cap every target at their own rate.
  const fastest = (target: string) => phases.find((p) => p.target === target && p.mode === 'wrk') ?? find(target, 'closed-loop');
  const cachedMax = fastest('nginx micro-cache');
  const directMax = fastest('Pavilion direct');
  const bareMax = fastest('bare nginx, static file');
  const generator = cachedMax.mode === 'wrk' ? 'wrk' : 'Node viewers';
  const cachedLoop = find('nginx micro-cache', 'closed-loop');
  const cachedPoll = find('nginx micro-cache', 'polling');
  const directPoll = find('Pavilion direct', 'polling');
  const stalenessTarget = PUBLIC_SUMMARY_CACHE.maxAgeS * 1000 + 1000;
  // Pavilion direct as fast as answered is overloaded on purpose (it is why the cache is there):
  // what it sheds is reported beside, and the target holds for everything else.
  const direct = (p: Phase) => p.target === 'Pavilion direct' && p.mode !== 'polling';
  const errors = phases.filter((p) => !direct(p)).reduce((n, p) => n + p.errors, 0);
  const directErrors = phases.filter(direct).reduce((n, p) => n + p.errors, 0);
  return [
    { scenario, metric: `served req/s, as fast as answered (${generator}): nginx micro-cache vs Pavilion direct`, value: cachedMax.reqPerSecond, unit: 'req/s', reference: directMax.reqPerSecond, referenceName: 'Pavilion direct', ratio: ratio(cachedMax.reqPerSecond, directMax.reqPerSecond), target: '≥ 10x', met: cachedMax.reqPerSecond >= 10 * directMax.reqPerSecond },
    { scenario, metric: `served req/s, as fast as answered (${generator}): nginx micro-cache vs bare nginx static`, value: cachedMax.reqPerSecond, unit: 'req/s', reference: bareMax.reqPerSecond, referenceName: 'bare nginx', ratio: ratio(cachedMax.reqPerSecond, bareMax.reqPerSecond), target: '≥ 0.5x', met: cachedMax.reqPerSecond >= 0.5 * bareMax.reqPerSecond },
    { scenario, metric: 'served req/s polling every 2 s: nginx / direct', value: `${cachedPoll.reqPerSecond} / ${directPoll.reqPerSecond}`, unit: 'req/s' },
    { scenario, metric: 'upstream req/s through nginx: polling / as fast as answered', value: `${cachedPoll.upstreamPerSecond} / ${cachedMax.upstreamPerSecond}`, unit: '/s', target: '≈ 1/s per URL', met: (cachedPoll.upstreamPerSecond ?? Infinity) <= 1.5 && (cachedMax.upstreamPerSecond ?? Infinity) <= 1.5 },
    { scenario, metric: 'p99 latency polling: nginx / direct', value: `${cachedPoll.latency.p99} / ${directPoll.latency.p99}`, unit: 'ms' },
    { scenario, metric: 'p99 latency as fast as answered: nginx / direct / bare', value: `${cachedMax.latency.p99} / ${directMax.latency.p99} / ${bareMax.latency.p99}`, unit: 'ms' },
    { scenario, metric: 'p99 staleness polling through nginx (ack to first viewer)', value: cachedPoll.staleness!.p99, unit: 'ms', target: `≤ ${stalenessTarget} ms, none unseen`, met: cachedPoll.staleness!.p99 <= stalenessTarget && cachedPoll.staleness!.unseen === 0 },
    { scenario, metric: 'p99 staleness polling direct / as fast as answered through nginx', value: `${directPoll.staleness!.p99} / ${cachedLoop.staleness!.p99}`, unit: 'ms' },
    { scenario, metric: 'phone page JavaScript (gzip)', value: budget.totalGzip, unit: 'B', target: `≤ ${PUBLIC_JS_BUDGET} B, no chart.js or socket.io-client`, met: budget.totalGzip <= PUBLIC_JS_BUDGET && budget.forbidden.length === 0 },
    { scenario, metric: 'errors: polling, through nginx and bare nginx', value: errors, unit: '', target: '0', met: errors === 0 },
    { scenario, metric: 'errors: Pavilion direct as fast as answered (overloaded on purpose)', value: directErrors, unit: '' },
  ];
}
