import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium as playwright, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { userSession } from '../integration/staff-support.js';
import { CHROMIUM_PATH, clientTests, openDesk, screenshot, submitLogin } from '../support/browser.js';
import { sampleSigning, tempDir } from '../support/server.js';

const app = clientTests();

/** A browser with a profile on disk: its service worker, IndexedDB and cookies outlive a restart. */
async function browserWithProfile(dir: string): Promise<BrowserContext> {
  return playwright.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** `profile` in a browser closed after the test, and its first page. */
async function openProfile(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = app.keep(await browserWithProfile(profile));
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** The desk, logged in as `username`, in a browser with a new profile unless given one. */
async function deskWithProfile(username: string, profile = tempDir('pavilion-chromium-')): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openProfile(profile);
  await openDesk(opened.page, app.server.url, username);
  return opened;
}

async function fillForm(page: Page, title: string, investor: string, amount: string): Promise<void> {
  await page.fill('#title', title);
  await page.fill('#investor', investor);
  await page.getByTestId('country-search').fill('deguo');
  await page.keyboard.press('Enter');
  await page.fill('#partner', 'Tianjin Binhai District');
  await page.fill('#amount', amount);
  await page.selectOption('#venueId', 'v1');
  await page.selectOption('#areaId', 'icv');
  await page.selectOption('#sector', 'icv');
}

interface ServerSigning {
  title: string;
  version: number;
  status: string;
}

async function signingsOnServer(cookie: string): Promise<ServerSigning[]> {
  const res = await fetch(`${app.server.url}/api/v1/signings?includeUncounted=true&limit=100`, { headers: { cookie } });
  return ((await res.json()) as { items: ServerSigning[] }).items;
}

const pendingCount = (page: Page) => page.getByTestId('pending-count').textContent({ timeout: 2000 }).catch(() => null);

describe('the desk offline, in Chromium', () => {
  it('opens offline after one visit, keeps three entries and a correction over a browser restart, and sends each once', async () => {
    const server = await app.start();
    const desk = await userSession(server.url, 'staff', 'desk-offline');
    const earlier = await desk.call('POST', '/api/v1/signings', sampleSigning({ title: 'Entered earlier', investor: 'Earlier GmbH' }), { 'idempotency-key': 'earlier' });
    expect(earlier.status).toBe(201);
    const profile = tempDir('pavilion-chromium-');

    const { context, page } = await deskWithProfile('desk-offline', profile);
    // The shell is cached once the service worker is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.getByTestId('recent-row').first().waitFor();

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('signing-form').waitFor({ timeout: 10_000 });
    await page.getByTestId('offline-banner').waitFor();
    for (const [i, amount] of ['五十亿', '3500万', '1.2亿'].entries()) {
      await fillForm(page, `Offline signing ${i + 1}`, `Investor ${i + 1} GmbH`, amount);
      await page.click('[data-testid=submit]');
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('offline');
      // The notice of the entry before says "offline" too: the queue is what shows this one is in.
      await expect.poll(() => pendingCount(page)).toBe(String(i + 1));
    }
    await page.getByRole('button', { name: '修改 Edit' }).first().click();
    await page.fill('#title', 'Entered earlier, corrected offline');
    await page.fill('#reason', 'typo in the title');
    await page.click('[data-testid=submit]');
    await expect.poll(() => pendingCount(page)).toBe('4');
    await screenshot(page, 'staff-offline-queued');

    // The browser closes with everything still queued, and starts again without a network.
    await context.close();
    const { context: restarted, page: again } = await openProfile(profile);
    await restarted.setOffline(true);
    await again.goto(server.url + '/staff');
    await again.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
    await expect.poll(() => pendingCount(again)).toBe('4');
    expect((await signingsOnServer(await cookieOf(restarted))).map((s) => s.title)).toEqual(['Entered earlier']);

    await restarted.setOffline(false);
    await expect.poll(() => pendingCount(again), { timeout: 20_000 }).toBe(null);
    const stored = await signingsOnServer(await cookieOf(restarted));
    expect(stored.map((s) => s.title).sort()).toEqual(['Entered earlier, corrected offline', 'Offline signing 1', 'Offline signing 2', 'Offline signing 3']);
    expect(stored.find((s) => s.title.startsWith('Entered earlier'))!.version).toBe(2);
    await expect.poll(() => again.getByTestId('offline-banner').count()).toBe(0);
  }, 90_000);

  it('shows a conflict with both versions instead of applying an edit made against an old version', async () => {
    const server = await app.start();
    const desk = await userSession(server.url, 'organizer', 'org-conflict');
    const made = await desk.call('POST', '/api/v1/signings', sampleSigning({ title: 'Original title' }), { 'idempotency-key': 'c1' });
    const { page } = await deskWithProfile('org-conflict');
    await page.getByRole('button', { name: '修改 Edit' }).first().click();
    // Meanwhile another desk corrects the same signing.
    await desk.call('PATCH', `/api/v1/signings/${made.body.signing.id}`, { title: 'Changed elsewhere', version: 1, reason: 'other desk' });
    await page.fill('#title', 'Changed here');
    await page.fill('#reason', 'my fix');
    await page.click('[data-testid=submit]');
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Changed here');
    expect(await conflict.textContent()).toContain('Changed elsewhere');
    expect((await desk.call('GET', `/api/v1/signings/${made.body.signing.id}`)).body.signing.title).toBe('Changed elsewhere');
    await screenshot(page, 'staff-conflict');
    await page.getByTestId('conflict-apply').click();
    await expect.poll(async () => (await desk.call('GET', `/api/v1/signings/${made.body.signing.id}`)).body.signing.title).toBe('Changed here');
  });

  it('sends the other entries while one request hangs, and retries the hung one after its timeout', async () => {
    const server = await app.start();
    await userSession(server.url, 'staff', 'desk-hang');
    const { page } = await deskWithProfile('desk-hang');
    let hung = 0;
    await page.route('**/api/v1/signings', async (route) => {
      if (route.request().method() === 'POST' && route.request().postDataJSON().title === 'Hangs' && hung++ === 0) return; // never answered
      await route.fallback();
    });
    await fillForm(page, 'Hangs', 'Slow GmbH', '2亿');
    await page.click('[data-testid=submit]');
    await page.getByTestId('queue-sending').waitFor();
    // The form is free again within seconds; the next entry does not wait for the hung one.
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 5000 }).toContain('still sending');
    await fillForm(page, 'Goes through', 'Fast GmbH', '3亿');
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('queue-sent').count(), { timeout: 5000 }).toBe(1);
    // After the 10 s timeout and a backoff, the hung entry is sent again, once.
    await expect.poll(() => page.getByTestId('queue-sent').count(), { timeout: 25_000 }).toBe(2);
    expect(hung).toBe(2);
  }, 45_000);
});

describe('Chinese input and the keyboard, in Chromium', () => {
  it('takes 五十亿 from an input method and finds countries by pinyin and initials, by keyboard alone', async () => {
    const server = await app.start();
    await userSession(server.url, 'staff', 'desk-ime');
    const { context, page } = await deskWithProfile('desk-ime');
    expect(await page.getAttribute('#amount', 'inputmode')).toBeNull();

    // As a pinyin input method types: a composition, then the committed text.
    await page.focus('#amount');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'wushiyi', selectionStart: 7, selectionEnd: 7 });
    await cdp.send('Input.insertText', { text: '五十亿' });
    await expect.poll(() => page.getByTestId('amount-echo').textContent()).toBe('50 亿元 = 5,000,000,000 yuan');
    await page.fill('#amount', '三千五百万美元');
    await expect.poll(() => page.getByTestId('amount-echo').textContent()).toContain('35,000,000 USD');

    const box = page.getByTestId('country-search');
    await box.focus();
    await page.keyboard.type('dg');
    const active = () => box.getAttribute('aria-activedescendant');
    expect(await active()).toBe('country-option-DE');
    await page.keyboard.press('ArrowDown');
    const second = await active();
    expect(second).not.toBe('country-option-DE');
    expect(await page.locator(`#${second}`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('country-chosen').textContent()).toContain('DE');
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.type('xianggang');
    expect(await page.getByRole('option').first().textContent()).toContain('中国香港');
    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');
  });
});

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[]; html: string }>;
}

/** axe-core's critical and serious findings on the page as it stands (run outside the page's CSP). */
async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    () => (window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run({ resultTypes: ['violations'] }).then((r) => r.violations),
  );
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 80)}`).join(", ")}`);
}

async function cookieOf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('accessibility, in Chromium', () => {
  it('has no critical or serious axe findings on the desk, the organizer, admin and dashboard pages', async () => {
    const server = await app.start();
    const { page } = await openProfile(tempDir('pavilion-chromium-'));
    const findings: Record<string, string[]> = {};
    await page.goto(server.url + '/login');
    await page.getByTestId('login-form').waitFor();
    findings['/login'] = await axeFindings(page);
    await submitLogin(page, 'admin', 'test-admin-password');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const pages: Array<[string, string]> = [
      ['/staff', '[data-testid=signing-form]'],
      ['/staff/log', 'main'],
      ['/staff/import', '[data-testid=import-file]'],
      ['/organizer', 'main'],
      ['/admin', 'main'],
      ['/', 'main'],
    ];
    for (const [url, ready] of pages) {
      await page.goto(server.url + url);
      await page.locator(ready).first().waitFor();
      if (url === '/staff') {
        // With errors shown: the state the contrast and the field ties matter most in.
        await page.click('[data-testid=submit]');
        await page.getByTestId('error-title').waitFor();
        expect(await page.getAttribute('#title', 'aria-invalid')).toBe('true');
        expect(await page.getAttribute('#title', 'aria-describedby')).toBe('title-error');
        expect(await page.locator('[role=alert]').count()).toBe(0);
        expect(await page.getByTestId('form-announcement').textContent()).toContain('fields to correct');
      }
      findings[url] = await axeFindings(page);
    }
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
  }, 60_000);
});
