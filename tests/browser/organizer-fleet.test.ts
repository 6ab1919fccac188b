import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetRequest, ScreenInfo } from '../../shared/fleet.js';
import { builtClientDir, collectErrors, screenshot, useBrowser } from '../support/browser.js';
import { issueToken, login, startServer, type TestServer } from '../support/server.js';

const chromium = useBrowser();
let server: TestServer | undefined;
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});

async function adminApi(url: string) {
  const { cookie, csrfToken } = await login(url);
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  return {
    cookie,
    screens: async () => ((await (await fetch(`${url}/api/v1/fleet/screens`, { headers })).json()) as { items: ScreenInfo[] }).items,
    command: async (request: FleetRequest) => {
      const res = await fetch(`${url}/api/v1/fleet/commands`, { method: 'POST', headers, body: JSON.stringify(request) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { reached: number }).reached;
    },
  };
}

describe('screen fleet in Chromium', () => {
  it('shows an announcement on an open /display within a second and removes it when it expires', async () => {
    server = await startServer({ clientDir: builtClientDir() });
    const api = await adminApi(server.url);
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const display = await context.newPage();
    const displayErrors = collectErrors(display);
    await display.goto(`${server.url}/display?screen=lobby-1&name=Lobby`);
    await expect.poll(async () => (await api.screens()).map((s) => s.id)).toEqual(['lobby-1']);

    const sentAt = Date.now();
    expect(await api.command({ target: { type: 'screen', id: 'lobby-1' }, command: { kind: 'announce', text: 'Main hall closes at 17:00 / 主会场17:00闭馆', seconds: 2 } })).toBe(1);
    await display.getByTestId('fleet-announcement').waitFor({ timeout: 1000 });
    const shownAfter = Date.now() - sentAt;
    console.log(`fleet: announcement on screen after ${shownAfter} ms`);
    expect(shownAfter).toBeLessThan(1000);
    expect(await display.getByTestId('fleet-announcement').textContent()).toContain('主会场17:00闭馆');
    await screenshot(display, 'display-announcement-1280x720');
    await display.getByTestId('fleet-announcement').waitFor({ state: 'detached', timeout: 3000 });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1900);

    // The organizer's fleet page lists the screen, online.
    await context.addCookies([{ name: api.cookie.split('=')[0]!, value: api.cookie.split('=')[1]!, url: server.url }]);
    const organizer = await context.newPage();
    const organizerErrors = collectErrors(organizer);
    await organizer.goto(`${server.url}/organizer/fleet`);
    await expect.poll(() => organizer.locator('[data-screen="lobby-1"]').getAttribute('data-status')).toBe('online');
    await screenshot(organizer, 'organizer-fleet-1280x720');

    // A profile reaches the screen, which restarts with its options.
    await api.command({ target: { type: 'all' }, command: { kind: 'profile', profile: { venue: null, lang: 'en', scenes: [{ name: 'headline', seconds: 30 }], theme: 'light' } } });
    await expect.poll(() => new URL(display.url()).searchParams.get('theme'), { timeout: 5000 }).toBe('light');
    await expect.poll(() => display.getByTestId('display').getAttribute('data-lang')).toBe('en');
    expect(new URL(display.url()).searchParams.get('screen')).toBe('lobby-1');
    expect([...displayErrors, ...organizerErrors]).toEqual([]);
  });

  it('pins a screen with a display token so that its URL cannot change what it shows', async () => {
    server = await startServer({ clientDir: builtClientDir() });
    const api = await adminApi(server.url);
    const token = await issueToken(server.url, 'display', { venueId: 'v2' });
    await api.command({ target: { type: 'venue', id: 'v2' }, command: { kind: 'profile', profile: { venue: 'v2', lang: 'zh', scenes: [{ name: 'headline', seconds: 20 }], theme: 'dark' } } });
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const display = await context.newPage();
    const errors = collectErrors(display);
    await display.goto(`${server.url}/display?token=${token}&theme=light`);
    await expect.poll(() => new URL(display.url()).search, { timeout: 5000 }).toBe('?venue=v2&lang=zh&scenes=headline%3A20&theme=dark');
    // The page restarted with its profile; wait for the new page to register.
    await expect.poll(async () => (await api.screens())[0]?.status).toBe('online');
    expect((await api.screens())[0]).toMatchObject({ pinned: true, venue: 'v2', name: 'test display' });

    // A visitor edits the URL; the token kept in localStorage puts the profile back.
    await display.goto(`${server.url}/display?venue=v1&lang=en&theme=light`);
    await expect.poll(() => new URL(display.url()).search, { timeout: 5000 }).toBe('?venue=v2&lang=zh&scenes=headline%3A20&theme=dark');
    await expect.poll(() => display.getByTestId('display').getAttribute('data-lang')).toBe('zh');
    expect(errors).toEqual([]);
  });
});
