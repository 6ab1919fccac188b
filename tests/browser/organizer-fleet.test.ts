import { describe, expect, it } from 'vitest';
import type { FleetRequest, ScreenInfo } from '../../shared/fleet.js';
import { localTime } from '../../shared/time.js';
import { addSession, browserTests, collectErrors, screenshot } from '../support/browser.js';
import { issueToken, login, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

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
    archiveEdition: async () => {
      const res = await fetch(`${url}/api/v1/editions/archive`, { method: 'POST', headers });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
  };
}

describe('screen fleet in Chromium', () => {
  it('shows an announcement on an open /display within a second and removes it when it expires', async () => {
    const server = await chromium.start();
    const api = await adminApi(server.url);
    const { context, page: display, errors: displayErrors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
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
    await addSession(context, server.url, api.cookie);
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

  it("sends a profile that draws an archived edition beside the live line from the command form", async () => {
    const server = await chromium.start();
    const api = await adminApi(server.url);
    const edition = await api.archiveEdition();
    const { context, page: wall, errors } = await chromium.page({ viewport: { width: 960, height: 540 } });
    await wall.goto(`${server.url}/display?screen=wall-c&name=Wall%20C`);
    await expect.poll(async () => (await api.screens()).map((s) => s.id)).toEqual(['wall-c']);

    await addSession(context, server.url, api.cookie);
    const organizer = await context.newPage();
    const organizerErrors = collectErrors(organizer);
    await organizer.goto(`${server.url}/organizer/fleet`);
    await organizer.getByTestId('fleet-kind').selectOption('profile');
    await organizer.getByTestId('fleet-compare').selectOption(edition);
    await organizer.getByTestId('fleet-send').click();
    await expect.poll(() => organizer.getByTestId('fleet-answer').getAttribute('data-reached')).toBe('1');

    // The screen restarts with the profile's options, the edition among them.
    await expect.poll(() => new URL(wall.url()).searchParams.get('compare'), { timeout: 5000 }).toBe(edition);
    const assignments = (await (await fetch(`${server.url}/api/v1/fleet/assignments`, { headers: { cookie: api.cookie } })).json()) as { items: Array<{ kind: string; value: unknown }> };
    expect(assignments.items.find((a) => a.kind === 'profile')?.value).toMatchObject({ compare: edition });
    expect([...errors, ...organizerErrors]).toEqual([]);
  });

  it('pins a screen with a display token so that its URL cannot change what it shows', async () => {
    const server = await chromium.start();
    const api = await adminApi(server.url);
    const token = await issueToken(server.url, 'display', { venueId: 'v2' });
    await api.command({ target: { type: 'venue', id: 'v2' }, command: { kind: 'profile', profile: { venue: 'v2', lang: 'zh', scenes: [{ name: 'headline', seconds: 20 }], theme: 'dark' } } });
    const { page: display, errors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
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

  it('shows what bulk commands reached and confirmed, a live miniature of a chosen screen, and saves a schedule from its day timeline', { timeout: 60_000 }, async () => {
    const server = await chromium.start();
    const api = await adminApi(server.url);
    const staff = await issueToken(server.url, 'staff');
    const context = await chromium.context({ viewport: { width: 960, height: 540 } });
    const walls = [await context.newPage(), await context.newPage()];
    const wallErrors = walls.flatMap((p) => collectErrors(p));
    await walls[0]!.goto(`${server.url}/display?screen=wall-a&name=Wall%20A&scenes=headline:600`);
    await walls[1]!.goto(`${server.url}/display?screen=wall-b&name=Wall%20B&venue=v2`);
    await expect.poll(async () => (await api.screens()).map((s) => s.id).sort()).toEqual(['wall-a', 'wall-b']);

    const organizerContext = await chromium.context({ viewport: { width: 1280, height: 1000 } });
    await addSession(organizerContext, server.url, api.cookie);
    const organizer = await organizerContext.newPage();
    const errors = collectErrors(organizer);
    await organizer.goto(`${server.url}/organizer/fleet`);
    await expect.poll(() => organizer.getByTestId('fleet-screen').count()).toBe(2);

    // A banner to all screens: the page says how many it reached and how many confirmed.
    await organizer.getByTestId('fleet-text').fill('Forum moves to hall 3 / 论坛移至3号馆');
    await organizer.getByTestId('fleet-send').click();
    const answer = organizer.getByTestId('fleet-answer');
    await answer.waitFor();
    expect(await answer.getAttribute('data-reached')).toBe('2');
    expect(await answer.getAttribute('data-acknowledged')).toBe('2');
    expect(await answer.textContent()).toContain('2 screen(s) reached, 2 confirmed');
    expect(await answer.isVisible()).toBe(true);

    // The miniature of wall A: the live figures, its banner, and no new screen in the list.
    await organizer.locator('[data-screen="wall-a"]').getByTestId('fleet-preview-open').click();
    const frame = organizer.frameLocator('[data-testid="fleet-preview-frame"]');
    await expect.poll(() => frame.getByTestId('contracts').textContent(), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => frame.getByTestId('fleet-announcement').textContent()).toContain('论坛移至3号馆');
    await postSigning(server.url, staff, sampleSigning({ amount: 5_000_000 }));
    await expect.poll(() => frame.getByTestId('contracts').textContent()).toBe('1');
    await expect.poll(() => walls[0]!.getByTestId('contracts').textContent()).toBe('1');
    expect((await api.screens()).map((s) => s.id).sort()).toEqual(['wall-a', 'wall-b']);
    await organizer.getByTestId('fleet-preview').scrollIntoViewIfNeeded();
    await screenshot(organizer, 'organizer-fleet-preview');

    // A schedule for wall B from the editor: a range around now, English on light, shown on the timeline.
    const hour = localTime(Date.now(), server.event.timeZone).hour;
    const clock = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    await organizer.getByTestId('schedule-target').selectOption('screen');
    await organizer.getByTestId('schedule-target-id').selectOption('wall-b');
    await organizer.getByTestId('schedule-add').click();
    await organizer.getByTestId('range-from').fill(clock(hour - 1));
    await organizer.getByTestId('range-to').fill(clock(hour + 2));
    await organizer.getByTestId('range-lang').selectOption('en');
    await organizer.getByTestId('range-theme').selectOption('light');
    await expect.poll(() => organizer.locator('[data-testid="schedule-day"] [data-range="0"]').count()).toBeGreaterThan(0);
    await organizer.getByTestId('schedule-save').click();
    await expect.poll(() => answer.getAttribute('data-reached')).toBe('1');
    await expect.poll(() => new URL(walls[1]!.url()).searchParams.get('theme'), { timeout: 5000 }).toBe('light');
    await expect.poll(() => walls[1]!.getByTestId('display').getAttribute('data-lang')).toBe('en');
    const assignments = (await (await fetch(`${server.url}/api/v1/fleet/assignments`, { headers: { cookie: api.cookie } })).json()) as { items: Array<{ target: string; kind: string; value: { ranges: unknown[]; saver: boolean } }> };
    expect(assignments.items.find((a) => a.kind === 'schedule')).toMatchObject({ target: 'screen:wall-b', value: { saver: true, ranges: [{ day: null, from: clock(hour - 1), to: clock(hour + 2), profile: { lang: 'en', theme: 'light' } }] } });
    await organizer.getByTestId('fleet-schedule').scrollIntoViewIfNeeded();
    await screenshot(organizer, 'organizer-fleet-schedule');
    expect([...errors, ...wallErrors]).toEqual([]);
  });
});
