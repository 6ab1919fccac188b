import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEvents, type SigningMessage } from '../../shared/live.js';
import { ClusterUnderTest, RecordingScreen, clusterBackendsUp, eventually } from '../support/cluster.js';
import { issueToken, postSigning, tempDir, waitFor } from '../support/server.js';

/** The nginx example exactly as docs/DEPLOYMENT.md prints it. */
function documentedExample(): string {
  const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/DEPLOYMENT.md'), 'utf8');
  const block = /<!-- nginx-example:start -->\s*```nginx\n([\s\S]*?)```\s*<!-- nginx-example:end -->/.exec(doc)?.[1];
  if (!block) throw new Error('docs/DEPLOYMENT.md lost its nginx example');
  return block;
}

/** The example with the test's ports, inside the minimum nginx needs to run unprivileged in a folder. */
function nginxConfig(dir: string, listenPort: number, backends: number[]): string {
  const upstreams = backends.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  const example = documentedExample()
    .replace(/^\s*server 127\.0\.0\.1:\d+.*;\n/gm, '')
    .replace('upstream pavilion {\n', `upstream pavilion {\n${upstreams}\n`)
    .replace('listen 80;', `listen 127.0.0.1:${listenPort};`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n  ');
  return `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  ${temp}\n${example}\n}\n`;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let nginx: ChildProcess | undefined;
const cluster = new ClusterUnderTest('pavilion_nginx');
let screens: RecordingScreen[] = [];
let url = '';

beforeAll(async () => {
  await clusterBackendsUp();
  const instances = await cluster.start(2);
  const dir = tempDir('pavilion-nginx-');
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, instances.map((i) => i.port)));
  nginx = spawn('nginx', ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    nginx!.once('error', (error) => reject(new Error(`nginx is required for this test (apt-get install -y nginx): ${error.message}`)));
    nginx!.once('exit', (code) => reject(new Error(`nginx exited with ${code}: ${stderr}`)));
  });
  url = `http://127.0.0.1:${port}`;
  const up = eventually(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, 10_000, 'nginx');
  await Promise.race([up, failed]);
});

afterAll(async () => {
  screens.forEach((s) => s.close());
  nginx?.kill('SIGTERM');
  await cluster.stop();
});

describe('the documented nginx example', () => {
  it('proxies the API, upgrades WebSockets and spreads screens over the instances', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    screens = Array.from({ length: 4 }, () => new RecordingScreen(url));
    await eventually(() => screens.every((s) => s.snapshots > 0), 5000, 'snapshots through nginx');
    expect(screens.every((s) => s.socket.io.engine.transport.name === 'websocket')).toBe(true);
    const perInstance = cluster.instances.map((i) => i.pavilion.io.of('/live').sockets.size);
    expect(perInstance.every((n) => n > 0)).toBe(true);

    const token = await issueToken(url, 'staff');
    const heard = screens.map((s) => waitFor<SigningMessage>(s.socket, LiveEvents.signingCreated));
    const { res, body } = await postSigning(url, token);
    expect(res.status).toBe(201);
    for (const message of await Promise.all(heard)) expect(message.seq).toBe(body.seq);
  });
});
