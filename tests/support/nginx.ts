import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { eventually } from './cluster.js';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A fenced nginx block of docs/DEPLOYMENT.md between `<!-- name:start -->` and `<!-- name:end -->`. */
export function documentedNginx(name: string): string {
  const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/DEPLOYMENT.md'), 'utf8');
  const block = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`nginx\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(doc)?.[1];
  if (!block) throw new Error(`docs/DEPLOYMENT.md lost its ${name} block`);
  return block;
}

/** `http` inside the minimum nginx needs to run unprivileged in the folder `dir`, in the foreground. */
export function nginxMain(dir: string, http: string, workerConnections = 256): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n  ');
  return `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections ${workerConnections}; }\nhttp {\n  access_log off;\n  ${temp}\n${http}\n}\n`;
}

/**
 * nginx run with `conf` in `dir`, listening on `port`: resolves once `/healthz` answers 200
 * through it. Rejects (and stops it) when nginx is missing, exits, or does not come up in 10 s.
 */
export async function startNginx(dir: string, conf: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`nginx is required for this test (apt-get install -y nginx): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const up = eventually(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, 10_000, 'nginx');
  try {
    await Promise.race([up, failed]);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { url, child };
}
