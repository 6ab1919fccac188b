import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEvents, type SigningMessage } from '../../shared/live.js';
import { ClusterUnderTest, RecordingScreen, clusterBackendsUp, eventually } from '../support/cluster.js';
import { documentedNginx, freePort, nginxMain, startNginx } from '../support/nginx.js';
import { issueToken, postSigning, tempDir, waitFor } from '../support/server.js';

/** The example with the test's ports, inside the minimum nginx needs to run unprivileged in a folder. */
function nginxConfig(dir: string, listenPort: number, backends: number[]): string {
  const upstreams = backends.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  const example = documentedNginx('nginx-example')
    .replace(/^\s*server 127\.0\.0\.1:\d+.*;\n/gm, '')
    .replace('upstream pavilion {\n', `upstream pavilion {\n${upstreams}\n`)
    .replace('listen 80;', `listen 127.0.0.1:${listenPort};`);
  return nginxMain(dir, example);
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
  ({ url, child: nginx } = await startNginx(dir, nginxConfig(dir, port, instances.map((i) => i.port)), port));
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
