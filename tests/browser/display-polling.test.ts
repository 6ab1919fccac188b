import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE } from '../../shared/fleet.js';
import { LIVE_NAMESPACE } from '../../shared/live.js';
import { browserTests } from '../support/browser.js';
import { freePort, nginxMain, startNginx } from '../support/nginx.js';
import { issueToken, login, postSigning, tempDir } from '../support/server.js';

const chromium = browserTests();
let nginx: ChildProcess | undefined;

afterEach(() => {
  nginx?.kill('SIGTERM');
  nginx = undefined;
});

/** The status a WebSocket handshake gets: 101 when the upgrade goes through. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A venue proxy as many are: HTTP/1.1 to the app, but without the `Upgrade` and `Connection`
 * headers a WebSocket needs, so every upgrade fails and only plain HTTP gets through.
 */
async function proxyWithoutUpgrades(backendPort: number): Promise<string> {
  const dir = tempDir('pavilion-nginx-noupgrade-');
  const port = await freePort();
  const conf = `  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://127.0.0.1:${backendPort};
      proxy_http_version 1.1;
      proxy_buffering off;
      proxy_read_timeout 60s;
    }
  }`;
  let url: string;
  ({ url, child: nginx } = await startNginx(dir, nginxMain(dir, conf), port));
  return url;
}

describe('a venue network that blocks WebSocket upgrades', () => {
  it('keeps the wall live over long-polling through nginx, and fleet commands still reach it', async () => {
    const server = await chromium.start();
    const url = await proxyWithoutUpgrades(Number(new URL(server.url).port));
    // The proxy really refuses upgrades.
    expect(await upgradeStatus(`${url}/socket.io/?EIO=4&transport=websocket`)).toBe(400);
    expect(await upgradeStatus(`${server.url}/socket.io/?EIO=4&transport=websocket`)).toBe(101);

    const { page, errors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}/display?screen=hall-9&scenes=headline:600&lang=zh`);
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 10_000 }).toBe('0');

    const token = await issueToken(server.url, 'staff');
    const { res } = await postSigning(server.url, token);
    expect(res.status).toBe(201);
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 5000 }).toBe('1');

    // Both namespaces stayed on polling: the upgrade never got through.
    const transports = (name: string) => [...server.pavilion.io.of(name).sockets.values()].map((s) => s.conn.transport.name);
    expect(transports(LIVE_NAMESPACE)).toEqual(['polling']);
    expect(transports(FLEET_NAMESPACE)).toEqual(['polling']);

    const { cookie, csrfToken } = await login(server.url);
    const sent = await fetch(`${server.url}/api/v1/fleet/commands`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ target: { type: 'screen', id: 'hall-9' }, command: { kind: 'announce', text: 'Hall 9 closes at 17:00', seconds: 60 } }),
    });
    expect(await sent.json()).toEqual({ reached: 1, acknowledged: 1 });
    await page.getByTestId('fleet-announcement').waitFor({ timeout: 3000 });
    // Socket.IO logs the failed upgrade probe as a console error; nothing else may fail.
    expect(errors.filter((e) => !/WebSocket/i.test(e))).toEqual([]);
  });
});
