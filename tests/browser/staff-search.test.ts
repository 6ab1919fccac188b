import type { BrowserContext } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';
import { STAFF_PASSWORD, userSession } from '../integration/staff-support.js';
import { builtClientDir, useBrowser } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

const chromium = useBrowser();
let server: TestServer | undefined;
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});

it("the desk's search finds a signing older than the rows it loaded", async () => {
  server = await startServer({ clientDir: builtClientDir() });
  const token = await issueToken(server.url, 'staff');
  // The oldest of 101: the desk loads the newest 100.
  await postSigning(server.url, token, sampleSigning({ title: '滨海新区氢能产业园', partner: 'Binhai New Area' }));
  for (let i = 0; i < 100; i++) await postSigning(server.url, token, sampleSigning({ title: `Project ${i}` }));
  await userSession(server.url, 'staff', 'staff1');

  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Only uncaught errors: the first visit's 401 before logging in is the console's, and expected.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '/staff');
  await page.waitForURL('**/login?next=%2Fstaff');
  await page.fill('#username', 'staff1');
  await page.fill('#password', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.getByTestId('recent-row').nth(99).waitFor();
  expect(await page.getByTestId('recent-row').count()).toBe(100);

  await page.getByTestId('recent-search').fill('氢能');
  await expect.poll(() => page.getByTestId('recent-row').count()).toBe(1);
  expect(await page.getByTestId('recent-row').textContent()).toContain('滨海新区氢能产业园');
  // Loaded rows still match as typed; the partner is searched too.
  await page.getByTestId('recent-search').fill('binhai new');
  await expect.poll(() => page.getByTestId('recent-row').count()).toBe(1);
  await page.getByTestId('recent-search').fill('');
  await expect.poll(() => page.getByTestId('recent-row').count()).toBe(100);
  expect(errors).toEqual([]);
});
