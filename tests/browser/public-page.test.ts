import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORBIDDEN, pageBudget, PUBLIC_JS_BUDGET } from '../../bench/scenarios/audience-budget.js';
import { builtClientDir, collectErrors, screenshot, useBrowser } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

const chromium = useBrowser();
let server: TestServer;
let staff: string;

beforeAll(async () => {
  server = await startServer({ clientDir: builtClientDir(), embedOrigins: ['http://127.0.0.1:1'] });
  staff = await issueToken(server.url, 'staff');
});
afterAll(() => server.close());

describe('/public on a phone', () => {
  it('fits 360 px, shows the totals in 亿/万 and follows new signings by polling, without a socket', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    const errors = collectErrors(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}/public`);
    await expect.poll(() => page.getByTestId('contracts').textContent()).toBe('0');

    await postSigning(server.url, staff, sampleSigning({ title: '智能网联汽车测试场', investor: '示例出行有限公司', amount: 5_000_000_000 }));
    await postSigning(server.url, staff, sampleSigning({ title: '工业机器人产业园', investor: 'Example Robotics AG', amount: 320_000_000 }));
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 8000 }).toBe('2');
    expect(await page.getByTestId('investment').textContent()).toBe('53.2 亿元');
    expect(await page.getByTestId('latest').textContent()).toContain('智能网联汽车测试场');

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    expect(requests.some((u) => u.includes('/socket.io/'))).toBe(false);
    expect(requests.filter((u) => u.includes('/api/v1/public/summary')).length).toBeGreaterThan(1);
    // docs/screenshots/ holds copies of these two (docs/API.md shows them).
    await screenshot(page, 'public-360x780-zh');

    await page.getByTestId('lang').click();
    await expect.poll(() => page.getByTestId('investment').textContent()).toBe('5.3 billion yuan');
    await screenshot(page, 'public-360x780-en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads at most 40 KB of gzipped JavaScript, with neither chart.js nor socket.io-client', () => {
    const budget = pageBudget(builtClientDir());
    console.log(`public page JavaScript: ${budget.totalGzip} bytes gzip in ${budget.files.length} files`);
    expect(budget.totalGzip).toBeLessThanOrEqual(PUBLIC_JS_BUDGET);
    expect(budget.forbidden).toEqual([]);
    // The markers must still be found where those libraries are, or the check above proves nothing.
    const assets = path.join(builtClientDir(), 'assets');
    const all = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
    for (const marker of Object.values(FORBIDDEN)) expect(all).toContain(marker);
  });
});

describe('/', () => {
  it('leads to the phone page', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(`${server.url}/`);
    await page.getByTestId('phone-link').click();
    await page.getByTestId('public-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/public');
    await page.close();
  });
});

describe('embeds', () => {
  it('draw a counter, a progress bar and a ticker on a transparent background in either theme', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 360, height: 200 } });
    const errors = collectErrors(page);
    await page.goto(`${server.url}/embed/counter?kind=contracts&lang=en&theme=dark`);
    await expect.poll(() => page.getByTestId('counter').textContent()).toBe('2');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgba(0, 0, 0, 0)');
    await page.goto(`${server.url}/embed/progress?lang=zh`);
    await expect.poll(() => page.getByTestId('progress').textContent()).toContain('53.2 亿元');
    await page.goto(`${server.url}/embed/ticker?lang=en&count=1`);
    await expect.poll(() => page.getByTestId('ticker').locator('li').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
