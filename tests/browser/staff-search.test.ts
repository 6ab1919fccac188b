import { expect, it } from 'vitest';
import { userSession } from '../integration/staff-support.js';
import { browserTests } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

it("the desk's search finds a signing older than the rows it loaded", async () => {
  const server = await chromium.start();
  const token = await issueToken(server.url, 'staff');
  // The oldest of 101: the desk loads the newest 100.
  await postSigning(server.url, token, sampleSigning({ title: '滨海新区氢能产业园', partner: 'Binhai New Area' }));
  for (let i = 0; i < 100; i++) await postSigning(server.url, token, sampleSigning({ title: `Project ${i}` }));
  await userSession(server.url, 'staff', 'staff1');

  const { page, errors } = await chromium.desk('staff1');
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
