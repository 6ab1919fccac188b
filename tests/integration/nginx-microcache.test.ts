import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedNginx as documented, freePort, nginxMain, startNginx } from '../support/nginx.js';
import { issueToken, postSigning, startServer, tempDir, type TestServer } from '../support/server.js';

/** The documented example with the micro-cache lines where the page says to put them, on the test's ports and folder. */
function nginxConfig(dir: string, listenPort: number, backend: number): string {
  const example = documented('nginx-example')
    .replace(/^\s*server 127\.0\.0\.1:\d+.*;\n/gm, '')
    .replace('upstream pavilion {\n', `upstream pavilion {\n    server 127.0.0.1:${backend};\n`)
    .replace('listen 80;', `listen 127.0.0.1:${listenPort};`)
    .replace('    location / {', `${documented('nginx-cache-server')}\n    location / {`);
  const http = documented('nginx-cache-http').replace('/var/cache/nginx/pavilion', `${dir}/cache`);
  return nginxMain(dir, `${http}\n${example}`, 1024);
}

let server: TestServer;
let nginx: ChildProcess | undefined;
let url = '';
const upstream = new Map<string, number[]>();

beforeAll(async () => {
  const client = tempDir('pavilion-microcache-client-');
  fs.writeFileSync(path.join(client, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(client, 'public.html'), '<!doctype html><title>public</title>');
  server = await startServer({ clientDir: client });
  // What reaches Pavilion, by path, with the time it arrived.
  // Express rewrites req.url while routing (this listener runs after it): originalUrl keeps it.
  server.pavilion.httpServer.on('request', (req: { url?: string; originalUrl?: string }) => {
    const p = (req.originalUrl ?? req.url ?? '').split('?')[0]!;
    upstream.set(p, [...(upstream.get(p) ?? []), Date.now()]);
  });
  const dir = tempDir('pavilion-microcache-');
  // nginx started as root writes its cache as an unprivileged worker, which must reach the folder.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  ({ url, child: nginx } = await startNginx(dir, nginxConfig(dir, port, Number(new URL(server.url).port)), port));
});

afterAll(async () => {
  nginx?.kill('SIGTERM');
  await server?.close();
});

/** One viewer: polls `path` every `everyMs` with the ETag it holds, until `until`. */
async function viewer(path: string, everyMs: number, until: number, seen: Set<number>): Promise<number> {
  let etag: string | undefined;
  let answers = 0;
  while (Date.now() < until) {
    const res = await fetch(url + path, { headers: etag ? { 'if-none-match': etag } : {} });
    if (res.status === 200) {
      etag = res.headers.get('etag') ?? undefined;
      const text = await res.text();
      if (path.startsWith('/api/')) seen.add((JSON.parse(text) as { seq: number }).seq);
    } else await res.arrayBuffer();
    if (res.status === 200 || res.status === 304) answers++;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return answers;
}

describe('the documented nginx micro-cache', () => {
  it('lets 200 polling viewers reach Pavilion about once a second per URL, and still shows new signings', async () => {
    const staff = await issueToken(server.url, 'staff');
    // Warm the cache, then count from a clean slate.
    await fetch(`${url}/api/v1/public/summary`);
    await fetch(`${url}/public`);
    upstream.clear();
    const seconds = 4;
    const started = Date.now();
    const until = started + seconds * 1000;
    const seen = new Set<number>();
    const signings = (async () => {
      let last = 0;
      while (Date.now() < until - 500) {
        last = (await postSigning(server.url, staff)).body.seq as number;
        await new Promise((r) => setTimeout(r, 500));
      }
      return last;
    })();
    const viewers = Array.from({ length: 200 }, (_, i) => viewer(i % 10 === 0 ? '/public' : '/api/v1/public/summary', 200, until, seen));
    const answers = (await Promise.all(viewers)).reduce((a, b) => a + b, 0);
    const lastSeq = await signings;
    const elapsed = (Date.now() - started) / 1000;

    const summaryHits = upstream.get('/api/v1/public/summary') ?? [];
    const pageHits = upstream.get('/public') ?? [];
    console.log(`micro-cache: ${answers} answers to viewers in ${elapsed.toFixed(1)} s; upstream: summary ${summaryHits.length}, /public ${pageHits.length}`);
    expect(answers).toBeGreaterThan(200 * seconds);
    // About one a second: the first second's refresh may be joined by one waiting at the lock.
    expect(summaryHits.length).toBeLessThanOrEqual(Math.ceil(elapsed) + 2);
    expect(pageHits.length).toBeLessThanOrEqual(1);
    // Viewers follow: the last signing reaches a viewer polling through the cache within
    // max-age + stale-while-revalidate (a stale copy is served once while nginx refreshes it).
    const deadline = Date.now() + 4000;
    while (Math.max(...seen) < lastSeq && Date.now() < deadline) await viewer('/api/v1/public/summary', 100, Date.now() + 1, seen);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(lastSeq);
  });
});
