import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Edition, EditionPoint } from '../../shared/editions.js';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { defaultEvent, issueToken, login, movableClock, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

/** Day 3 of the expo (22 June), 11:00 in Tianjin: its own targets are 20 contracts, 150亿 and 50,000 visitors. */
const NOW = '2024-06-22T11:00:00+08:00';

/** The 2023 edition in Tianjin: 100亿 by day 1 at 10:00, 400亿 by day 2 at 14:00, 500亿 by day 3 at 10:00. */
function archive2023(): Edition {
  const { days: _days, ...event } = defaultEvent();
  const points: EditionPoint[] = [];
  for (let day = 1; day <= 4; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const at = day * 100 + hour;
      const investmentCny = at >= 310 ? 5e10 : at >= 214 ? 4e10 : at >= 110 ? 1e10 : 0;
      points.push({ day, hour, contracts: investmentCny / 1e10, investmentCny, visitors: 0 });
    }
  }
  return {
    id: 'wie-2023-tianjin',
    archivedAt: '2023-05-22T00:00:00.000Z',
    event: { ...event, id: 'wie-2023-tianjin', dates: { start: '2023-05-18', end: '2023-05-21' } },
    totals: { contracts: 5, investmentCny: 5e10, visitors: 0, exhibitors: 0, countriesAndRegions: 0 },
    points,
  };
}

it("shows today's targets, names regions by the event's rule, and draws an archived edition beside the live line in place", async () => {
  const clock = movableClock(NOW);
  // Plain names and own flags, unlike the default (中国香港, 🇨🇳): the walls must follow the event.
  const server = await chromium.start({ now: clock.now, event: { ...defaultEvent(), regionNaming: { names: 'iso', flags: 'own' } } });
  const admin = await login(server.url);
  const imported = await fetch(`${server.url}/api/v1/editions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify(archive2023()),
  });
  expect(imported.status).toBe(201);
  const staff = await issueToken(server.url, 'staff');
  // Day 2, 14:10: 300亿. Day 3 (today), 09:20: 50亿.
  await postSigning(server.url, staff, sampleSigning({ amount: 3e10, signedAt: '2024-06-21T14:10:00+08:00' }));
  await postSigning(server.url, staff, sampleSigning({ amount: 5e9, signedAt: '2024-06-22T09:20:00+08:00' }));

  const context = await chromium.context({ viewport: { width: 1920, height: 1080 } });
  const headline = await context.newPage();
  const errors = collectErrors(headline);
  await headline.clock.setFixedTime(new Date(NOW));
  await headline.goto(`${server.url}/display?scenes=headline:3600&lang=zh&card=60`);
  const contracts = headline.getByTestId('progress-contracts');
  await expect.poll(() => contracts.textContent(), { timeout: 10_000 }).toContain('今日目标 20 5%');
  expect(await contracts.getAttribute('data-scope')).toBe('day');
  expect(await headline.getByTestId('progress-investment').textContent()).toContain('今日目标 150 亿元 33%');

  const charts = await context.newPage();
  errors.push(...collectErrors(charts));
  await charts.clock.setFixedTime(new Date(NOW));
  await charts.goto(`${server.url}/display?scenes=charts:3600&lang=zh&card=1&compare=wie-2023-tianjin`);
  const cumulative = charts.getByTestId('chart-cumulative');
  // Live hours 21 June 13:00 (the hour before the first), 14:00 and 22 June 09:00; the 2023 edition at the same event day and hour.
  await expect.poll(() => cumulative.getAttribute('data-compare'), { timeout: 10_000 }).toBe('100 400 400');
  const chartId = await cumulative.getAttribute('data-chart-id');
  expect(chartId).not.toBeNull();
  await expect.poll(() => charts.getByTestId('cumulative-legend').textContent()).toMatch(/本届.*目标.*天津 2023同期/s);

  // A signing from Hong Kong at 10:30 today: its card plays, the line grows by an hour, the chart is the same one.
  await postSigning(server.url, staff, sampleSigning({ amount: 4e9, investor: 'Harbour Capital', investorCountry: 'HK', signedAt: '2024-06-22T10:30:00+08:00' }));
  await expect.poll(() => cumulative.getAttribute('data-compare')).toBe('100 400 400 500');
  expect(await cumulative.getAttribute('data-chart-id')).toBe(chartId);
  await charts.getByTestId('takeover').waitFor({ state: 'detached' });
  const shot = await screenshot(charts, 'display-comparison');

  const card = headline.getByTestId('takeover');
  await expect.poll(() => card.textContent()).toContain('Harbour Capital');
  const text = (await card.textContent()) ?? '';
  expect(text).toContain('🇭🇰');
  expect(text).toContain('香港');
  expect(text).not.toContain('中国香港');
  expect(text).not.toContain('🇨🇳');
  const ticker = await context.newPage();
  await ticker.clock.setFixedTime(new Date(NOW));
  await ticker.goto(`${server.url}/display?scenes=signings:3600&lang=en&card=1`);
  const row = ticker.getByTestId('ticker').locator('li').first();
  await expect.poll(() => row.textContent()).toContain('Harbour Capital');
  expect(await row.textContent()).toContain('🇭🇰');
  expect(await row.textContent()).not.toContain('Hong Kong, China');
  // The headline now measures 2 of today's 20 contracts.
  await expect.poll(() => contracts.textContent()).toContain('今日目标 20 10%');
  expect(errors).toEqual([]);

  if (process.env.PAVILION_DOC_SCREENSHOTS) fs.copyFileSync(shot, path.resolve('docs/screenshots/display-comparison.png'));
});
