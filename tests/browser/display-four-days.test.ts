import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ScreenInfo } from '../../shared/fleet.js';
import { localTime } from '../../shared/time.js';
import { browserTests, heapAfterGc } from '../support/browser.js';
import { issueToken, login, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai';

/**
 * Waits for `read` to give `want`, moving the page's clock a second between looks: the page's
 * timers (a reconnect's wait, a card's end) run only as its clock moves.
 */
async function until<T>(page: Page, read: () => Promise<T>, want: T, what = ''): Promise<void> {
  let got: T | undefined;
  // At most 100 simulated seconds, but as much real time as a loaded machine needs (15 s).
  const deadline = Date.now() + 15_000;
  for (let forwarded = 0; ; forwarded++) {
    got = await read();
    if (got === want || Date.now() > deadline) break;
    if (forwarded < 100) await page.clock.fastForward(1000);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(got, what).toBe(want);
}

/** The event's local day as the header shows it (zh-CN, medium), from an independent formatter. */
const headerDay = (t: number) => new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, dateStyle: 'medium' }).format(t);

describe('four event days unattended', () => {
  it('rolls the day at local midnight, follows opening hours, reloads each night and comes back exact, with a bounded heap', { timeout: 120_000 }, async () => {
    // 2024-06-20 00:30 in Tianjin; server and browser clocks move together, an hour at a time.
    let t = Date.parse('2024-06-19T16:30:00Z');
    const server = await chromium.start({ now: () => new Date(t) });
    const staff = await issueToken(server.url, 'staff');
    const device = await issueToken(server.url, 'device', { venueId: 'v1' });
    // A session lasts hours on the server's clock: log in when asking.
    const screens = async () => {
      const { cookie } = await login(server.url);
      return ((await (await fetch(`${server.url}/api/v1/fleet/screens`, { headers: { cookie } })).json()) as { items: ScreenInfo[] }).items;
    };

    const { page, errors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
    let loads = 0;
    page.on('load', () => loads++);
    await page.clock.install({ time: t });
    await page.goto(`${server.url}/display?screen=marathon&scenes=headline:3600&lang=zh&saver=1&card=1&alternate=3600`);
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 10_000 }).toBe('0');

    const startedAt = Date.now();
    const heaps: number[] = [];
    let contracts = 0;
    let investment = 0;
    for (let h = 1; h <= 96; h++) {
      t += HOUR;
      // A jump fires each due timer once: the screen's clock, self-care, and socket.io's ping
      // timeout (a real screen would not jump, so it reconnects); the second step lets the
      // reconnect's timer run.
      // To the server's time: the seconds the waits below moved the page's clock come off the hour.
      await page.clock.fastForward(Math.max(1000, t - (await page.evaluate(() => Date.now()))));
      await page.clock.fastForward(3000);
      const local = localTime(t, ZONE);
      // The event file's hours for the day (the last day closes early), read here rather than through the display's code.
      const hours = (server.event as { days?: Array<{ date: string; hours?: { open: string; close: string } }> }).days?.find((d) => d.date === local.day)?.hours ?? server.event.openingHours;
      const minute = local.hour * 60 + local.minute;
      const clockMinutes = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3));
      const open = minute >= clockMinutes(hours.open) && minute < clockMinutes(hours.close);
      await until(page, () => page.getByTestId('screen-saver').count(), open ? 0 : 1, `saver at ${new Date(t).toISOString()}`);
      await until(page, async () => (await page.getByTestId('clock').textContent())?.includes(headerDay(t)), true);

      const amount = 1_000_000 * h;
      const { res } = await postSigning(server.url, staff, sampleSigning({ amount, title: `Hour ${h}` }));
      expect(res.status).toBe(201);
      contracts += 1;
      investment += amount;
      const report = await fetch(`${server.url}/api/v1/attendance/counts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device}`, 'content-type': 'application/json' },
        body: JSON.stringify({ gateId: 'v1-g1', batchId: randomUUID(), from: new Date(t - 25 * 60_000).toISOString(), to: new Date(t - 5 * 60_000).toISOString(), entries: 7, exits: 2 }),
      });
      expect(report.status).toBeLessThan(300);
      await until(page, () => page.getByTestId('contracts').textContent(), String(contracts));
      // At 00:30 the day's only report is the one for 00:05-00:25: the day started from zero at midnight.
      if (local.hour === 0) await until(page, () => page.getByTestId('visitors-today').textContent(), '7');
      if (local.hour === 12) heaps.push(await heapAfterGc(page));
    }

    // One start, then one reload a night (03:00 plus this screen's stagger), each reported to the fleet.
    expect(loads).toBe(1 + 4);
    // The page that came back registers again, reporting its reload: wait for that registration.
    await expect.poll(async () => (await screens())[0]?.lastReload?.reason, { timeout: 10_000 }).toBe('quiet-hour');
    const [info] = await screens();
    expect(Date.parse(info!.lastReload!.at)).toBeGreaterThan(Date.parse('2024-06-22T19:00:00Z'));
    // The last page started from a snapshot and holds the exact totals.
    const summary = (await (await fetch(`${server.url}/api/v1/summary`)).json()) as { signings: { count: number; amountCny: number } };
    expect(summary.signings).toMatchObject({ count: contracts, amountCny: investment });
    expect(await page.getByTestId('contracts').textContent()).toBe(String(contracts));

    const bound = 16 * 1_048_576;
    console.log(`four days: ${Date.now() - startedAt} ms, heap after GC at noon each day: ${heaps.map((b) => (b / 1_048_576).toFixed(1)).join(', ')} MB`);
    expect(heaps).toHaveLength(4);
    expect(Math.max(...heaps)).toBeLessThan(bound);
    expect(errors).toEqual([]);
  });
});
