import { describe, expect, it } from 'vitest';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

const NOON = Date.parse('2024-06-20T12:00:00+08:00');
const local = (hhmm: string) => `2024-06-20T${hhmm}:00+08:00`;

async function report(url: string, token: string, gateId: string, batchId: string, entries: number, exits = 0) {
  const res = await fetch(`${url}/api/v1/attendance/counts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ gateId, batchId, from: local('10:00'), to: local('11:00'), entries, exits }),
  });
  expect(res.status).toBe(202);
}

describe('the operations board in Chromium', () => {
  it('shows venues, gates, screens and alerts live at 1920×1080, and acknowledges an alert', async () => {
    const clock = { ms: NOON };
    const { url } = await chromium.start({ now: () => new Date(clock.ms), alerts: { checkMs: 50, instance: 'pavilion-1' } });
    const v3 = await issueToken(url, 'device', { venueId: 'v3' });
    const v1 = await issueToken(url, 'device', { venueId: 'v1' });
    await report(url, v1, 'v1-g1', 'a', 2400, 300);
    await report(url, v1, 'v1-g2', 'a', 1800, 200);
    await report(url, v3, 'v3-g1', 'a', 1500);

    const { context } = await chromium.signedIn({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${url}/organizer/ops`);
    await page.getByTestId('ops').waitFor();
    await expect.poll(() => page.locator('[data-testid="ops-venue"][data-venue="v1"] b').textContent()).toBe('3,700');

    await expect.poll(async () => [await page.getByTestId('ops').getAttribute('data-connected'), await page.locator('.ops .problem').allTextContents()], { timeout: 5000 }).toEqual(['true', []]);

    // Live: gates go silent after 10 minutes, a venue passes 90 %, a signing is held.
    clock.ms += 11 * 60_000;
    await report(url, v1, 'v1-g1', 'b', 10, 0);
    await report(url, v3, 'v3-g2', 'b', 1300);
    const staff = await issueToken(url, 'staff');
    await postSigning(url, staff, sampleSigning({ amount: 9e11, title: 'Mistyped giant' }));
    await expect.poll(() => page.locator('[data-testid="ops-alert"][data-kind="venue.near-capacity"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="ops-alert"][data-kind="signing.held"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-testid="ops-gate"][data-gate="v1-g2"]').getAttribute('data-silent'), { timeout: 8000 }).toBe('true');
    expect(await page.locator('[data-testid="ops-gate"][data-gate="v1-g1"]').getAttribute('data-silent')).toBe('false');
    expect(await page.locator('[data-testid="ops-venue"][data-venue="v3"]').getAttribute('class')).toContain('near');

    await page.locator('[data-testid="ops-alert"][data-kind="signing.held"] [data-testid="ops-ack"]').click();
    await expect.poll(() => page.locator('[data-testid="ops-alert"][data-kind="signing.held"]').textContent()).toContain('admin');
    // docs/screenshots/organizer-ops-1920x1080.png is a copy of it.
    await screenshot(page, 'organizer-ops-1920x1080');

    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'organizer-ops-1280x800');
    // Nothing runs off the side on a laptop.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(errors).toEqual([]);
  });
});
