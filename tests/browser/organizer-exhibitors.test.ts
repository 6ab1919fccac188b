import { expect, it } from 'vitest';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';

const chromium = browserTests();

const csv = (rows: string[]) => ({ name: 'exhibitors.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n'), 'utf8') });

it('the event page checks an exhibitor list first, imports it when asked and lists it', async () => {
  const server = await chromium.start();
  const { context, cookie } = await chromium.signedIn({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/organizer/event`);
  const section = page.getByTestId('exhibitor-section');
  await expect.poll(() => section.getByTestId('exhibitor-counts').textContent()).toContain('尚无名单');
  const file = section.getByTestId('exhibitor-file');

  // A row in an area the event does not have: the dry run says where, and nothing can be imported.
  await file.setInputFiles(csv(['名称,国家或地区,展区,展位', 'Acme GmbH,DE,Mars,A1', '华为技术有限公司,CN,ai,A1-01']));
  await expect.poll(() => section.getByTestId('exhibitor-errors').textContent()).toContain('unknown area "Mars"');
  expect(await section.getByTestId('exhibitor-commit').count()).toBe(0);

  await file.setInputFiles(csv(['名称,国家或地区,展区,展位', 'Acme GmbH,DE,ai,A1', '华为技术有限公司,CN,ai,A1-01', 'Harbour Capital,HK,,B2']));
  await expect.poll(() => section.getByTestId('exhibitor-checked').textContent()).toContain('3 exhibitors from 3 countries and regions, 0 problems');
  // Only checked so far.
  expect((await (await fetch(`${server.url}/api/v1/exhibitors`, { headers: { cookie } })).json()).items).toEqual([]);

  await section.getByTestId('exhibitor-commit').click();
  await expect.poll(() => section.getByTestId('exhibitor-imported').textContent()).toContain('Imported 3 exhibitors from 3 countries and regions');
  await expect.poll(() => section.getByTestId('exhibitor-list').locator('tbody tr').count()).toBe(3);
  expect(await section.getByTestId('exhibitor-list').textContent()).toContain('华为技术有限公司');
  expect(await section.getByTestId('exhibitor-counts').textContent()).toContain('3 exhibitors');
  const stored = (await (await fetch(`${server.url}/api/v1/exhibitors`, { headers: { cookie } })).json()) as { exhibitors: number };
  expect(stored.exhibitors).toBe(3);

  // The editor saves against the version the import made, without a conflict.
  await page.getByTestId('event-save').click();
  await expect.poll(() => page.getByTestId('event-message').textContent()).toMatch(/版本 3|version 3/);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'organizer-exhibitors');
  expect(errors).toEqual([]);
});
