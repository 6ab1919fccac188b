import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Signing } from '../../shared/signing.js';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { issueToken, sampleSigning, tempDir } from '../support/server.js';

const chromium = browserTests();

describe('the console in a browser in another time zone', () => {
  it('shows /staff/log and /admin times on the event clock (Tianjin), not the browser clock (New York)', async () => {
    const store = openSqliteStore(tempDir());
    const server = await chromium.start({ store });
    // Made at 23:30 in Tianjin: 11:30 the same morning in New York.
    const at = '2024-06-20T15:30:00.000Z';
    const signing: Signing = {
      ...sampleSigning({ title: 'Late evening signing' }),
      id: randomUUID(),
      signedAt: at,
      amountCny: 5_000_000_000,
      rate: 1,
      status: 'published',
      version: 1,
      createdAt: at,
      updatedAt: at,
      createdBy: 'desk1',
    };
    const [result] = await store.commit([{ type: 'signing.create', idempotencyKey: randomUUID(), requestHash: randomUUID(), signing, actor: 'desk1' }]);
    expect(result).not.toBeInstanceOf(Error);
    await issueToken(server.url, 'display');

    const { context } = await chromium.signedIn({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const errors = collectErrors(page);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');

    await page.goto(server.url + '/staff/log');
    // Operators' actions (the token this test issued, today) are in the log too; the signing is the rest.
    const signingTimes = page.locator('[data-testid=audit-row]:not(.operator) [data-testid=audit-at]');
    await expect.poll(() => signingTimes.allTextContents()).toEqual(['2024/6/20 23:30:00']);
    // June 21 on the event clock starts at 16:00 UTC on the 20th: the signing is not in it.
    await page.locator('input[type=date]').first().fill('2024-06-21');
    await page.locator('input[type=date]').nth(1).fill('2024-06-21');
    await page.getByRole('button', { name: '筛选 Filter' }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(0);
    await page.locator('input[type=date]').first().fill('2024-06-20');
    await page.locator('input[type=date]').nth(1).fill('2024-06-20');
    await page.getByRole('button', { name: '筛选 Filter' }).click();
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(1);
    await screenshot(page, 'staff-log-new-york');

    const tokens = await page.evaluate(async () => ((await (await fetch('/api/v1/tokens')).json()) as { items: Array<{ createdAt: string }> }).items);
    const createdAt = tokens[0]!.createdAt;
    const inTianjin = new Date(createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
    const inNewYork = new Date(createdAt).toLocaleString('zh-CN', { timeZone: 'America/New_York' });
    await page.goto(server.url + '/admin');
    const created = page.getByTestId('tokens').locator('tbody tr').first();
    await expect.poll(() => created.textContent()).toContain(inTianjin);
    expect(await created.textContent()).not.toContain(inNewYork);
    expect(errors).toEqual([]);
  });
});
