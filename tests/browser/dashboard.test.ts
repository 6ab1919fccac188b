import { describe, expect, it } from 'vitest';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

describe('dashboard in Chromium', () => {
  it('shows a POSTed signing on the open dashboard', async () => {
    const server = await chromium.start();
    const token = await issueToken(server.url, 'staff');
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(server.url + '/');
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('Live');
    await expect.poll(() => page.getByTestId('contracts').textContent()).toBe('0');

    const sentAt = Date.now();
    const { res } = await postSigning(server.url, token, sampleSigning({ amount: 5_000_000_000 }));
    expect(res.status).toBe(201);
    await page.getByTestId('contracts').filter({ hasText: '1' }).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - sentAt;
    console.log(`dashboard: POST to counter change took ${elapsed} ms`);

    expect(await page.getByTestId('investment').textContent()).toBe('50 亿元');
    expect(await page.getByTestId('latest').textContent()).toContain('Intelligent vehicle test ground');
    await screenshot(page, 'dashboard-1280x800');
    expect(errors).toEqual([]);
  });
});
