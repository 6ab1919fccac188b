import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning, movableClock } from '../support/server.js';

const chromium = browserTests();

/** A page logged in as the admin, collecting console errors (CSP violations among them). */
async function organizerPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { context } = await chromium.signedIn({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

describe('/organizer in Chromium', () => {
  it('sends a visitor who is not logged in to /login', async () => {
    const server = await chromium.start();
    const page = await (await chromium.context()).newPage();
    await page.goto(server.url + '/organizer?venue=v1');
    await page.waitForURL(/\/login\?next=/);
    expect(decodeURIComponent(page.url())).toContain('next=/organizer?venue=v1');
  });

  it('shows live figures; filters update charts, table and URL; the table stays live', async () => {
    const server = await chromium.start();
    const staff = await issueToken(server.url, 'staff');
    await postSigning(server.url, staff, sampleSigning({ title: 'Main hall robot plant', venueId: 'v1', amount: 2_000_000_000 }));
    await postSigning(server.url, staff, sampleSigning({ title: 'Venue two lab', venueId: 'v2', areaId: 'forums', sector: 'ai', investorCountry: 'JP', amount: 300_000_000 }));
    const { context, page, errors } = await organizerPage();
    await page.goto(server.url + '/organizer');
    await expect.poll(() => page.getByTestId('org-contracts').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('chart-venue').getAttribute('data-points')).toBe('2');

    await page.getByTestId('filter-venue').selectOption('v1');
    await expect.poll(() => new URL(page.url()).searchParams.get('venue')).toBe('v1');
    await expect.poll(() => page.getByTestId('org-contracts').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('chart-venue').getAttribute('data-points')).toBe('1');
    await expect.poll(() => page.getByTestId('signing-row').count()).toBe(1);

    // A new signing in the filtered venue appears without a reload; the filter stays.
    await postSigning(server.url, staff, sampleSigning({ title: 'Live arrival', venueId: 'v1', amount: 100_000_000 }));
    await expect.poll(() => page.getByTestId('org-contracts').textContent()).toBe('2');
    await expect.poll(() => page.getByTestId('signing-row').count()).toBe(2);
    await expect.poll(() => page.locator('tr.fresh').textContent()).toContain('Live arrival');
    expect(new URL(page.url()).searchParams.get('venue')).toBe('v1');

    // A shared link restores the same view.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await expect.poll(() => other.getByTestId('filter-venue').inputValue()).toBe('v1');
    await expect.poll(() => other.getByTestId('org-contracts').textContent()).toBe('2');
    await screenshot(page, 'organizer-1280x900');
    expect(errors).toEqual([]);
  });

  it('fits a phone without sideways scrolling', async () => {
    const server = await chromium.start();
    const staff = await issueToken(server.url, 'staff');
    await postSigning(server.url, staff, sampleSigning({ title: 'A rather long project title for a narrow phone screen' }));
    const { page, errors } = await organizerPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + '/organizer');
    await expect.poll(() => page.getByTestId('signing-row').count()).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await screenshot(page, 'organizer-390x844');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('shows the figures of a past moment', async () => {
    const clock = movableClock(Date.now());
    const server = await chromium.start({ now: clock.now });
    const staff = await issueToken(server.url, 'staff');
    await postSigning(server.url, staff, sampleSigning({ amount: 2_000_000_000 }));
    clock.advance(1000);
    const at = clock.now().toISOString();
    clock.advance(1000);
    await postSigning(server.url, staff, sampleSigning({ amount: 2_000_000_000 }));
    const { page, errors } = await organizerPage();
    await page.goto(`${server.url}/organizer?at=${encodeURIComponent(at)}`);
    await expect.poll(() => page.getByTestId('org-contracts').textContent()).toBe('1');
    await page.getByTestId('time-travel-live').click();
    await expect.poll(() => page.getByTestId('org-contracts').textContent()).toBe('2');
    expect(new URL(page.url()).searchParams.has('at')).toBe(false);
    expect(errors).toEqual([]);
  });
});
