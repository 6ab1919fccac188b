import { describe, expect, it } from 'vitest';
import type { CommandAnswer, FleetRequest, ScheduleRequest, ScreenInfo } from '../../shared/fleet.js';
import { addSession, browserTests, collectErrors, screenshot } from '../support/browser.js';
import { login } from '../support/server.js';

const chromium = browserTests();

async function organizer(url: string) {
  const { cookie, csrfToken } = await login(url);
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    cookie,
    screens: async () => (await call<{ items: ScreenInfo[] }>('GET', '/fleet/screens')).body.items,
    pair: (body: unknown) => call<{ screenId: string }>('POST', '/fleet/pair', body),
    command: async (request: FleetRequest) => (await call<CommandAnswer>('POST', '/fleet/commands', request)).body,
    schedule: (request: ScheduleRequest) => call<CommandAnswer>('PUT', '/fleet/schedules', request),
  };
}

/** A 1280×720 window on a 1920×1080 screen: the screen size is what a display reports. */
const newDisplay = () => chromium.page({ viewport: { width: 1280, height: 720 }, screen: { width: 1920, height: 1080 } });

describe('a screen that installs itself', () => {
  it('shows a pairing code, is paired from the API, shows its name, and is still that screen after a reload', async () => {
    const server = await chromium.start();
    const api = await organizer(server.url);
    const { page, errors } = await newDisplay();
    await page.goto(`${server.url}/display`);
    const code = (await page.getByTestId('pairing-code').textContent({ timeout: 5000 }))!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    await screenshot(page, 'display-pairing-1280x720');
    // The fleet page lists the pending screen with its code.
    await expect.poll(async () => (await api.screens()).map((s) => s.pairingCode)).toEqual([code]);

    const paired = await api.pair({ code, name: 'Hall 2 north wall', venueId: 'v2' });
    expect(paired.status).toBe(201);
    await expect.poll(() => page.getByTestId('identify-name').textContent(), { timeout: 3000 }).toBe('Hall 2 north wall');
    expect(await page.getByTestId('pairing').count()).toBe(0);
    await screenshot(page, 'display-paired-1280x720');
    await expect.poll(async () => (await api.screens()).map((s) => [s.id, s.name, s.status, s.pinned])).toEqual([[paired.body.screenId, 'Hall 2 north wall', 'online', true]]);

    await page.reload();
    await page.getByTestId('display').waitFor();
    await expect.poll(async () => (await api.screens()).find((s) => s.id === paired.body.screenId)?.status).toBe('online');
    // Still paired: no code again, one screen in the list, and it answers to its name.
    expect(await page.getByTestId('pairing').count()).toBe(0);
    expect((await api.screens()).length).toBe(1);
    expect(await api.command({ target: { type: 'venue', id: 'v2' }, command: { kind: 'identify' } })).toEqual({ reached: 1, acknowledged: 1 });
    await expect.poll(() => page.getByTestId('identify-id').textContent()).toBe(paired.body.screenId);
    expect(await page.getByTestId('identify-resolution').textContent()).toBe('1920×1080');
    expect(await page.getByTestId('identify-venue').textContent()).toBe('v2');
    await screenshot(page, 'display-identify-1280x720');
    expect(errors).toEqual([]);
  });

  it('switches profile when a schedule range begins on the event clock', async () => {
    // 2024-06-20 09:59 in Tianjin (UTC+8); the server's clock is moved by the test.
    let t = Date.parse('2024-06-20T01:59:00Z');
    const server = await chromium.start({ now: () => new Date(t), fleet: { scheduleTickMs: 100 } });
    const api = await organizer(server.url);
    const { page, errors } = await newDisplay();
    await page.goto(`${server.url}/display?screen=hall-1&lang=zh`);
    await expect.poll(async () => (await api.screens())[0]?.status).toBe('online');
    const english = { venue: null, lang: 'en' as const, scenes: [{ name: 'headline' as const, seconds: 30 }], theme: 'light' as const };
    const put = await api.schedule({ target: { type: 'all' }, schedule: { ranges: [{ day: '2024-06-20', from: '10:00', to: '12:00', profile: english }], saver: false, quietHour: '03:00' } });
    expect(put.body).toEqual({ reached: 1, acknowledged: 1 });
    expect(await page.getByTestId('display').getAttribute('data-lang')).toBe('zh');

    t = Date.parse('2024-06-20T02:00:00Z');
    await expect.poll(() => new URL(page.url()).searchParams.get('lang'), { timeout: 5000 }).toBe('en');
    await expect.poll(() => page.getByTestId('display').getAttribute('data-lang')).toBe('en');
    expect((await api.screens())[0]?.state.profileSource).toBe('schedule');
    expect(errors).toEqual([]);
  });

  it('pairs from the fleet page, where the waiting screen shows its code, and /admin offers a display token as URL and QR code', async () => {
    const server = await chromium.start();
    const api = await organizer(server.url);
    const { context, page: display, errors } = await newDisplay();
    await display.goto(`${server.url}/display`);
    const code = (await display.getByTestId('pairing-code').textContent({ timeout: 5000 }))!.trim();

    await addSession(context, server.url, api.cookie);
    const fleet = await context.newPage();
    const fleetErrors = collectErrors(fleet);
    await fleet.goto(`${server.url}/organizer/fleet`);
    await expect.poll(() => fleet.getByTestId('fleet-pairing-code').textContent(), { timeout: 5000 }).toBe(code);
    await screenshot(fleet, 'organizer-fleet-pending-1280x720');
    await fleet.getByTestId('fleet-pair-code').fill(code.toLowerCase());
    await fleet.getByTestId('fleet-pair-name').fill('Lobby east');
    await fleet.getByTestId('fleet-pair-send').click();
    await expect.poll(() => display.getByTestId('identify-name').textContent(), { timeout: 5000 }).toBe('Lobby east');
    await expect.poll(() => fleet.locator('[data-testid=fleet-screen]').first().getAttribute('data-status'), { timeout: 5000 }).toBe('online');
    await fleet.getByTestId('fleet-identify').first().click();
    await expect.poll(() => fleet.getByTestId('fleet-answer').textContent()).toContain('1 screen(s) reached, 1 confirmed');
    await screenshot(fleet, 'organizer-fleet-1280x720');

    const admin = await context.newPage();
    await admin.goto(`${server.url}/admin`);
    await admin.getByTestId('tokens').getByRole('textbox').first().fill('Gate 3 screen');
    await admin.getByTestId('tokens').getByRole('button', { name: /Issue/ }).click();
    const url = await admin.getByTestId('token-display-url').getAttribute('href', { timeout: 5000 });
    const secret = (await admin.getByTestId('token-secret').locator('code').textContent())!;
    expect(url).toBe(`${server.url}/display?token=${encodeURIComponent(secret)}`);
    await admin.getByTestId('token-qr').waitFor();
    expect(await admin.getByTestId('token-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
    expect([...errors, ...fleetErrors]).toEqual([]);
  });
});
