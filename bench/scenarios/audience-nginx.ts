import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../children.js';
import { pollUntil } from '../clock.js';
import { DIST_DIR } from '../server-process.js';

/** A fenced nginx block of docs/DEPLOYMENT.md between `<!-- name:start -->` and `<!-- name:end -->`. */
function documented(name: string): string {
  const doc = fs.readFileSync(path.join(DIST_DIR, '..', 'docs', 'DEPLOYMENT.md'), 'utf8');
  const block = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`nginx\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(doc)?.[1];
  if (!block) throw new Error(`docs/DEPLOYMENT.md lost its ${name} block`);
  return block;
}

export interface BenchNginx {
  /** The documented configuration with its micro-cache, in front of Pavilion. */
  cachedUrl: string;
  /** Bare nginx serving a static file (`/static.json`), the reference. */
  staticUrl: string;
  /** Requests nginx sent to Pavilion so far (its upstream log). */
  upstreamRequests(): number;
  stop(): Promise<void>;
}

/**
 * nginx with the configuration docs/DEPLOYMENT.md prints (load balancer and micro-cache) in
 * front of `backendPort`, and a second server that serves `staticFile` bare. One worker
 * process for both, so that each is measured on the same footing. Requests that went
 * upstream, background refreshes included, are logged to count them.
 */
export async function startBenchNginx(dir: string, backendPort: number, staticFile: string): Promise<BenchNginx> {
  const [cachedPort, staticPort] = [await freePort(), await freePort()];
  const log = path.join(dir, 'upstream.log');
  const example = documented('nginx-example')
    .replace(/^\s*server 127\.0\.0\.1:\d+.*;\n/gm, '')
    .replace('upstream pavilion {\n', `upstream pavilion {\n    server 127.0.0.1:${backendPort};\n`)
    .replace('listen 80;', `listen 127.0.0.1:${cachedPort} backlog=4096;\n    access_log ${log} upstream if=$went_upstream;\n    log_subrequest on;`)
    .replace('    location / {', `${documented('nginx-cache-server')}\n    location / {`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n  ');
  const config = `daemon off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 16384; }
http {
  access_log off;
  ${temp}
  log_format upstream '$msec $upstream_addr $upstream_cache_status $status $request_uri';
  map $upstream_addr $went_upstream { "" 0; default 1; }
  ${documented('nginx-cache-http').replace('/var/cache/nginx/pavilion', `${dir}/cache`)}
${example}
  server {
    listen 127.0.0.1:${staticPort} backlog=4096;
    location = /static.json { alias ${staticFile}; default_type application/json; etag on; }
  }
}
`;
  // nginx started as root writes as an unprivileged worker, which must reach the folder.
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  const child: ChildProcess = spawn('nginx', ['-e', path.join(dir, 'nginx-error.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  let failure: Error | undefined;
  child.once('error', (error) => (failure = new Error(`the audience scenario needs nginx (apt-get install -y nginx): ${error.message}`)));
  child.once('exit', (code) => (failure ??= new Error(`nginx exited with ${code}; see ${dir}/nginx-error.log`)));
  const cachedUrl = `http://127.0.0.1:${cachedPort}`;
  const staticUrl = `http://127.0.0.1:${staticPort}`;
  await pollUntil(async () => failure !== undefined || (await fetch(`${staticUrl}/static.json`).then((r) => r.ok, () => false)), 10_000, 50);
  if (failure) throw failure;
  return {
    cachedUrl,
    staticUrl,
    // A stale answer given while a refresh runs is logged too, without an upstream address.
    upstreamRequests: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => /^\S+ \d/.test(l)).length : 0),
    async stop() {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    },
  };
}
