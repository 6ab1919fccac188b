import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Signing } from '../../shared/signing.js';
import { browserTests, collectErrors, SCREENSHOT_DIR } from '../support/browser.js';
import { issueToken, sampleSigning } from '../support/server.js';

const chromium = browserTests();

const ITEMS = [
  sampleSigning({ title: '天津港自动化码头二期 Tianjin port automation II', investor: 'Hafen Logistik AG', investorCountry: 'DE', partner: '天津港集团', amount: 3_200_000_000 }),
  sampleSigning({ title: '新能源汽车电池回收基地 EV battery recycling', investor: 'Sakura Materials', investorCountry: 'JP', partner: '滨海新区', amount: 860_000_000 }),
  sampleSigning({ title: '智能网联汽车测试场 ICV test ground', investor: 'Nordic Mobility AB', investorCountry: 'SE', partner: '西青区', amount: 1_500_000_000 }),
  sampleSigning({ title: '半导体封测产线 Semiconductor packaging', investor: 'Han River Semicon', investorCountry: 'KR', partner: '东丽区', amount: 2_400_000_000 }),
];

async function api(token: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${chromium.server.url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // any: the test reads several answer shapes.
  return (await res.json()) as any;
}

describe('ceremony run desk and stage', () => {
  it('shows a press on the stage within 2 s, and sends a press made offline once, with its key, when the network returns', { timeout: 90_000 }, async () => {
    const server = await chromium.start();
    const organizer = await issueToken(server.url, 'organizer');
    const { ceremony } = await api(organizer, 'POST', '/ceremonies', {
      title: { zh: '2024世界智能产业博览会 集中签约仪式', en: 'World Intelligence Expo 2024 signing ceremony' },
      venueId: 'v1',
      startsAt: '2024-06-20T10:00:00+08:00',
    });
    for (const item of ITEMS) await api(organizer, 'POST', `/ceremonies/${ceremony.id}/items`, item);
    await api(organizer, 'POST', `/ceremonies/${ceremony.id}/start`, {});

    const { context: stageContext, page: stage, errors: stageErrors } = await chromium.page({ viewport: { width: 1920, height: 1080 } });
    await stage.goto(`${server.url}/display?ceremony=${ceremony.id}&screen=stage-test`);
    await expect.poll(() => stage.getByTestId('ceremony-title').textContent()).toBe(ceremony.title.zh);

    const { context: deskContext } = await chromium.signedIn({ viewport: { width: 1440, height: 1000 } });
    const desk = await deskContext.newPage();
    const deskErrors = collectErrors(desk);
    const keys: string[] = [];
    desk.on('request', (r) => {
      if (r.url().endsWith('/sign')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await desk.goto(`${server.url}/organizer/ceremonies/${ceremony.id}`);
    await expect.poll(() => desk.getByTestId('desk-next-title').textContent()).toBe(ITEMS[0]!.title);

    // The space bar signs the next item; the stage shows its card within 2 s.
    const pressed = Date.now();
    await desk.keyboard.press('Space');
    await stage.getByTestId('ceremony-card-title').filter({ hasText: ITEMS[0]!.title }).waitFor({ timeout: 2000 });
    const shownMs = Date.now() - pressed;
    console.log(`ceremony: card on stage ${shownMs} ms after the press`);
    expect(shownMs).toBeLessThan(2000);
    await expect.poll(() => stage.getByTestId('ceremony-progress').textContent()).toContain('1 of 4 signed');
    // The countdown ticks once a second: give it more than one to move off 2:00.
    await expect.poll(() => desk.getByTestId('desk-undo').first().textContent(), { timeout: 3000 }).toMatch(/Undo \(1:5\d\)/);
    await expect.poll(() => desk.getByTestId('desk-miniature').getByTestId('ceremony-card-title').textContent()).toBe(ITEMS[0]!.title);

    // A drop: the press waits in the queue and goes out once the network is back, with its key.
    await expect.poll(() => desk.getByTestId('desk-next-title').textContent()).toBe(ITEMS[1]!.title);
    await desk.waitForTimeout(700); // past the bounce guard: this is a second, deliberate press
    await deskContext.setOffline(true);
    await desk.keyboard.press('Space');
    await desk.getByTestId('desk-offline').waitFor();
    await expect.poll(() => desk.getByTestId('desk-queued').textContent()).toContain('1 queued');
    await deskContext.setOffline(false);
    await stage.getByTestId('ceremony-card-title').filter({ hasText: ITEMS[1]!.title }).waitFor({ timeout: 10_000 });
    await desk.getByTestId('desk-queued').waitFor({ state: 'detached' });
    const all = (await api(organizer, 'GET', '/signings?limit=100')).items as Signing[];
    expect(all.filter((s) => s.title === ITEMS[1]!.title)).toHaveLength(1);
    // Every attempt of the offline press (retries while the network was down) carried one key.
    expect(new Set(keys.slice(1)).size).toBe(1);
    expect(keys[1]).not.toBe(keys[0]);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await stage.waitForTimeout(1800); // the amount counts up
    await stage.screenshot({ path: path.join(SCREENSHOT_DIR, 'ceremony-stage-1920x1080.jpg'), type: 'jpeg', quality: 85 });
    await desk.screenshot({ path: path.join(SCREENSHOT_DIR, 'ceremony-desk.png') });
    const big = await stageContext.newPage();
    await big.setViewportSize({ width: 3840, height: 2160 });
    await big.goto(`${server.url}/display?ceremony=${ceremony.id}&screen=stage-4k`);
    await big.getByTestId('ceremony-card-title').filter({ hasText: ITEMS[1]!.title }).waitFor();
    await big.waitForTimeout(1800); // the amount counts up
    await big.screenshot({ path: path.join(SCREENSHOT_DIR, 'ceremony-stage-3840x2160.jpg'), type: 'jpeg', quality: 80 });

    // The host's run-sheet prints on A4.
    const sheet = await deskContext.newPage();
    await sheet.goto(`${server.url}/organizer/ceremonies/${ceremony.id}/run-sheet`);
    await sheet.locator('[data-testid="run-sheet"][data-ready="true"]').waitFor();
    await sheet.emulateMedia({ media: 'print' });
    const pdf = path.join(SCREENSHOT_DIR, 'ceremony-run-sheet.pdf');
    await sheet.pdf({ path: pdf, preferCSSPageSize: true });
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);

    // The day report lists the ceremony with its signings and total.
    const report = await deskContext.newPage();
    await report.goto(`${server.url}/organizer/report?day=2024-06-20`);
    const section = report.getByTestId('report-ceremonies');
    await expect.poll(() => section.textContent()).toContain('2 of 4 signed');
    expect(await section.textContent()).toContain(ceremony.title.zh);
    expect(await section.locator('tbody tr').count()).toBe(2);

    expect(stageErrors).toEqual([]);
    expect(deskErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
  });
});
