import type { Page } from 'playwright-core';
import { createApp } from '../../server/app.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { formatCny, formatCount } from '../../shared/format.js';
import type { Summary } from '../../shared/summary.js';
import { afterEach, describe, expect, it } from 'vitest';
import { builtClientDir, screenshot, useBrowser } from '../support/browser.js';
import {
  ADMIN_PASSWORD,
  defaultEvent,
  issueToken,
  postSigning,
  sampleSigning,
  silentLog,
  startServer,
  systemClock,
  type TestServer,
} from '../support/server.js';

const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1080, height: 1920 },
];
const SCENES = ['headline', 'signings', 'charts', 'venue'] as const;
/** Polls wait long: a loaded two-core machine can take seconds to paint. */
const SLOW = { timeout: 15_000 };

const chromium = useBrowser();
const servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer({ clientDir: builtClientDir(), ...options });
  servers.push(server);
  return server;
}

async function openDisplay(url: string, query: string, viewport = VIEWPORTS[0]!, reducedMotion = true): Promise<Page> {
  const page = await chromium.browser.newPage({ viewport, reducedMotion: reducedMotion ? 'reduce' : 'no-preference' });
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${url}/display?${query}`);
  await page.locator('[data-testid^=scene-]').first().waitFor({ state: 'attached', timeout: 30_000 });
  return page;
}

const SEED = [
  sampleSigning(),
  sampleSigning({ title: '人工智能算力中心', investor: '示例智算科技有限公司', investorCountry: 'CN', partner: '天津经济技术开发区', amount: 12_000_000_000, sector: 'ai', areaId: 'ai' }),
  sampleSigning({ title: 'Battery recycling plant', investor: 'Nordic Cells AB', investorCountry: 'SE', partner: 'Tianjin Port Free Trade Zone', amount: 800_000_000, currency: 'EUR', sector: 'new-energy', venueId: 'v2', areaId: 'forums' }),
  sampleSigning({ title: 'Semiconductor packaging line', investor: 'Kyoto Devices K.K.', investorCountry: 'JP', partner: 'Xiqing District', amount: 45_000_000_000, currency: 'JPY', sector: 'semiconductors', venueId: 'v3', areaId: 'forums' }),
  sampleSigning({ title: 'Smart port logistics platform with a deliberately long project title for ellipsis', investor: 'Pacific Freight Holdings Pte. Ltd.', investorCountry: 'SG', partner: 'Example Port Authority', amount: 2_600_000_000, sector: 'smart-transportation' }),
];

/** Everything that would betray a bad layout: page scrolling, elements past the edge, clipped numerals. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { innerWidth: vw, innerHeight: vh } = window;
    const root = document.documentElement;
    if (root.scrollWidth > vw || root.scrollHeight > vh) problems.push(`page scrolls: ${root.scrollWidth}x${root.scrollHeight}`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${el.className} ${el.getAttribute('data-testid') ?? ''}`;
    for (const el of document.querySelectorAll('[data-testid=display] *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < -0.5 || r.right > vw + 0.5 || r.top < -0.5 || r.bottom > vh + 0.5) problems.push(`outside viewport: ${name(el)}`);
    }
    for (const el of document.querySelectorAll('[data-fit], [data-fit-text]')) {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problems.push(`clipped: ${name(el)} ${el.scrollWidth}/${el.clientWidth} x ${el.scrollHeight}/${el.clientHeight} "${el.textContent}"`);
      }
    }
    return problems;
  });
}

async function summaryOf(url: string): Promise<Summary> {
  return (await (await fetch(`${url}/api/v1/summary`)).json()) as Summary;
}

describe('/display in Chromium', () => {
  it('fills 1920x1080, 3840x2160 and 1080x1920 in every scene without overflow or clipped numerals', async () => {
    const server = await serve();
    const token = await issueToken(server.url, 'staff');
    for (const body of SEED) expect((await postSigning(server.url, token, body)).res.status).toBe(201);

    for (const viewport of VIEWPORTS) {
      for (const scene of SCENES) {
        for (const lang of viewport.width === 1920 ? ['zh', 'en'] : ['zh']) {
          const page = await openDisplay(server.url, `scenes=${scene}:600&lang=${lang}`, viewport);
          await expect.poll(() => page.getByTestId('display').getAttribute('data-scene'), SLOW).toBe(scene);
          if (scene === 'headline') await expect.poll(() => page.getByTestId('contracts').textContent(), SLOW).toBe('5');
          if (scene === 'charts') await page.locator('canvas').first().waitFor({ timeout: 15_000 });
          await page.evaluate(() => document.fonts.ready);
          await screenshot(page, `display-${scene}-${lang}-${viewport.width}x${viewport.height}`);
          expect(await layoutProblems(page), `${scene} ${lang} ${viewport.width}x${viewport.height}`).toEqual([]);
          expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe('none');
          await page.close();
        }
      }
    }
  }, 300_000);

  it('has CJK and Latin fonts for zh and en labels', async () => {
    const server = await serve();
    const page = await chromium.browser.newPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${server.url}/display?scenes=headline:600&lang=zh`);
    const liveAt = await page.waitForFunction(
      () => /^\d/.test(document.querySelector('[data-testid=contracts]')?.textContent ?? '') && performance.now(),
      undefined,
      { polling: 'raf', timeout: 10_000 },
    );
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    console.log(`display: first contentful paint ${Math.round(paint)} ms, live numbers at ${Math.round(Number(await liveAt.jsonValue()))} ms`);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.getByTestId('scene-headline').textContent()).toContain('签约项目');
    // A missing CJK font renders tofu boxes of one width; real glyphs differ from the box.
    const widths = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = '40px system-ui, "Noto Sans CJK SC", sans-serif';
      return { cjk: ctx.measureText('签约项目').width, tofu: ctx.measureText('\u{E000}\u{E000}\u{E000}\u{E000}').width };
    });
    expect(widths.cjk).toBeGreaterThan(100);
    expect(widths.cjk).not.toBe(widths.tofu);
    await screenshot(page, 'display-glyphs-zh');
    await page.close();
  }, 30_000);

  it('shows a POSTed signing as a takeover card and the new total within 2 s', async () => {
    const server = await serve();
    const token = await issueToken(server.url, 'staff');
    const page = await openDisplay(server.url, 'scenes=headline:600&lang=zh&card=8');
    await expect.poll(() => page.getByTestId('contracts').textContent(), SLOW).toBe('0');

    const sentAt = Date.now();
    const { res } = await postSigning(server.url, token, sampleSigning({ amount: 5_000_000_000 }));
    expect(res.status).toBe(201);
    await page.getByTestId('takeover').waitFor({ timeout: 5000 });
    await page.getByTestId('contracts').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    const elapsed = Date.now() - sentAt;
    console.log(`display: POST to takeover card and new total took ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2000);
    await expect.poll(() => page.getByTestId('takeover').textContent(), SLOW).toContain('Intelligent vehicle test ground');
    await expect.poll(() => page.getByTestId('takeover-amount').textContent(), SLOW).toBe('50亿元');
    await expect.poll(() => page.getByTestId('investment').textContent(), SLOW).toBe('50亿元');
    await screenshot(page, 'display-takeover-1920x1080');
    await expect.poll(() => page.getByTestId('takeover').count(), { timeout: 20_000 }).toBe(0);
    await page.close();
  }, 60_000);

  it('summarises a burst of 20 signings and counts the totals up to them', async () => {
    const server = await serve();
    const token = await issueToken(server.url, 'staff');
    const page = await openDisplay(server.url, 'scenes=headline:600&lang=en&card=1', VIEWPORTS[0], false);
    await expect.poll(() => page.getByTestId('contracts').textContent(), SLOW).toBe('0');
    const posts = Array.from({ length: 20 }, (_, i) => postSigning(server.url, token, sampleSigning({ title: `Burst ${i}`, amount: 1e9 })));
    expect((await Promise.all(posts)).map((p) => p.res.status)).toEqual(Array(20).fill(201));
    await page.locator('.takeover.burst').waitFor({ timeout: 15_000 });
    await screenshot(page, 'display-burst-1920x1080');
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 15_000 }).toBe('20');
    await expect.poll(() => page.getByTestId('investment').textContent(), { timeout: 15_000 }).toBe('20billion yuan');
    await page.close();
  }, 60_000);

  it('shows the reconnecting badge when the server stops and resyncs to the API summary when it is back', async () => {
    const event = defaultEvent();
    const first = await startServer({ clientDir: builtClientDir(), event, hub: { heartbeatMs: 500 } });
    const port = Number(new URL(first.url).port);
    const token = await issueToken(first.url, 'staff');
    for (const body of SEED.slice(0, 2)) await postSigning(first.url, token, body);
    const page = await openDisplay(first.url, 'scenes=headline:600&lang=zh&staleAfter=2&greyAfter=4');
    await expect.poll(() => page.getByTestId('contracts').textContent(), SLOW).toBe('2');
    expect(await page.getByTestId('stale-badge').count()).toBe(0);

    await first.close();
    await page.getByTestId('stale-badge').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('stale-badge').textContent()).toContain('重新连接中');
    await expect.poll(() => page.getByTestId('display').getAttribute('data-staleness'), { timeout: 10_000 }).toBe('grey');
    expect(await page.getByTestId('contracts').textContent()).toBe('2');
    await screenshot(page, 'display-stale-1920x1080');

    const second = await createApp({ store: openSqliteStore(first.dataDir), event, adminPassword: ADMIN_PASSWORD, log: silentLog, now: systemClock, clientDir: builtClientDir(), hub: { heartbeatMs: 500 } });
    servers.push({ ...first, pavilion: second, close: () => second.close() });
    await second.listen(port, '127.0.0.1');
    const token2 = await issueToken(first.url, 'staff');
    await postSigning(first.url, token2, SEED[2]);

    await expect.poll(() => page.getByTestId('stale-badge').count(), { timeout: 20_000 }).toBe(0);
    const summary = await summaryOf(first.url);
    expect(summary.signings.count).toBe(3);
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 10_000 }).toBe(formatCount(summary.signings.count, 'zh'));
    await expect.poll(() => page.getByTestId('investment').textContent(), SLOW).toBe(formatCny(summary.signings.amountCny, 'zh').replace(' ', ''));
    expect(await page.getByTestId('display').getAttribute('data-staleness')).toBe('fresh');
    await page.close();
  }, 60_000);
});
