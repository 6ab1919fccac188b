import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../shared/time.js';
import { browserTests, collectErrors, SCREENSHOT_DIR } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

describe('end-of-day report', () => {
  it('prints to an A4 PDF whose first page renders (pdftoppm from poppler-utils)', async () => {
    const server = await chromium.start();
    const staff = await issueToken(server.url, 'staff');
    const titles = ['Intelligent vehicle test ground', '天津港自动化码头二期', 'Semiconductor packaging line'];
    for (const [i, title] of titles.entries()) {
      const { res } = await postSigning(server.url, staff, sampleSigning({ title, amount: (i + 1) * 1_000_000_000, investorCountry: ['DE', 'CN', 'JP'][i]! }));
      expect(res.status).toBe(201);
    }
    const { context } = await chromium.signedIn({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const day = localTime(new Date(), server.event.timeZone).day;
    await page.goto(`${server.url}/organizer/report?day=${day}`);
    await page.locator('[data-testid="report"][data-ready="true"]').waitFor();
    await expect.poll(() => page.getByTestId('report-top').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('report-top').textContent()).toContain('天津港自动化码头二期');

    await page.emulateMedia({ media: 'print' });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pdf = path.join(SCREENSHOT_DIR, 'organizer-report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    console.log(`report: ${pages} A4 page(s)`);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);

    const pngBase = path.join(SCREENSHOT_DIR, 'organizer-report-page1');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, pngBase]);
    expect(fs.statSync(`${pngBase}.png`).size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
  });
});
