import { describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE, type ScreenInfo } from '../../shared/fleet.js';
import { LIVE_NAMESPACE } from '../../shared/live.js';
import { browserTests } from '../support/browser.js';
import { login } from '../support/server.js';

const chromium = browserTests();

/** Polls wait long: a loaded two-core machine can take seconds to paint. */
const SLOW = { timeout: 15_000 };

describe('a display the server disconnects', () => {
  it('connects /live and /fleet again by itself and takes commands again', async () => {
    const { url, pavilion } = await chromium.start();
    const { cookie, csrfToken } = await login(url);
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const screens = async () => ((await (await fetch(`${url}/api/v1/fleet/screens`, { headers })).json()) as { items: ScreenInfo[] }).items;
    const connected = () => [pavilion.io.of(LIVE_NAMESPACE).sockets.size, pavilion.io.of(FLEET_NAMESPACE).sockets.size];

    const { page: display, errors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
    await display.goto(`${url}/display?screen=hall-1-wall&name=Hall%201`);
    await expect.poll(async () => (await screens()).map((s) => [s.id, s.status]), SLOW).toEqual([['hall-1-wall', 'online']]);
    await expect.poll(connected, SLOW).toEqual([1, 1]);

    // What displacing a screen used to do: the page's one connection is closed for both namespaces.
    for (const socket of await pavilion.io.of(FLEET_NAMESPACE).fetchSockets()) socket.disconnect(true);
    await expect.poll(async () => (await screens())[0]?.status).toBe('offline');

    await expect.poll(connected, SLOW).toEqual([1, 1]);
    await expect.poll(async () => (await screens())[0]?.status, SLOW).toBe('online');
    const res = await fetch(`${url}/api/v1/fleet/commands`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ target: { type: 'screen', id: 'hall-1-wall' }, command: { kind: 'announce', text: 'Back on the wall', seconds: 60 } }),
    });
    expect(await res.json()).toEqual({ reached: 1, acknowledged: 1 });
    await display.getByTestId('fleet-announcement').waitFor(SLOW);
    expect(await display.getByTestId('fleet-announcement').textContent()).toContain('Back on the wall');
    expect(errors).toEqual([]);
  });
});
