import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_PASSWORD, userSession } from '../integration/staff-support.js';
import { builtClientDir, launchBrowser, screenshot } from '../support/browser.js';
import { startServer, type TestServer } from '../support/server.js';

let browser: Browser;
let server: TestServer | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});

async function desk(role: 'staff' | 'organizer' = 'staff'): Promise<{ page: Page; errors: string[] }> {
  server = await startServer({ clientDir: builtClientDir() });
  const user = await userSession(server.url, role, `${role}1`);
  void user;
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + '/staff');
  await page.waitForURL('**/login?next=%2Fstaff');
  await page.fill('#username', `${role}1`);
  await page.fill('#password', STAFF_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL('**/staff');
  await page.getByTestId('signing-form').waitFor();
  return { page, errors };
}

async function fillForm(page: Page, title: string, amount: string): Promise<void> {
  await page.fill('#title', title);
  await page.fill('#investor', 'Example Mobility GmbH');
  await page.getByTestId('country-search').fill('德国');
  await page.getByRole('option', { name: /德国/ }).locator('button').click();
  await page.fill('#partner', 'Tianjin Binhai District');
  await page.fill('#amount', amount);
  await page.selectOption('#venueId', 'v1');
  await page.selectOption('#areaId', 'icv');
  await page.selectOption('#sector', 'icv');
}

async function signingsOnServer(): Promise<Array<{ title: string; status: string }>> {
  const res = await fetch(`${server!.url}/api/v1/signings?limit=100`);
  return ((await res.json()) as { items: Array<{ title: string; status: string }> }).items;
}

describe('staff desk in Chromium', () => {
  it('logs in, shows field errors, echoes 50亿 and puts it on the dashboard', async () => {
    const started = Date.now();
    const { page, errors } = await desk();
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('error-title').textContent()).toBe('必填 · required');
    await page.fill('#amount', '50 zillion');
    await page.click('[data-testid=submit]');
    expect(await page.getByTestId('error-amount').textContent()).toContain('unknown unit "zillion"');
    await screenshot(page, 'staff-field-errors');

    await fillForm(page, 'Intelligent vehicle test ground', '50亿');
    expect(await page.getByTestId('amount-echo').textContent()).toBe('50 亿元 = 5,000,000,000 yuan');
    expect(await page.getByTestId('country-chosen').textContent()).toContain('DE');
    await screenshot(page, 'staff-form-filled');

    const screen = await context!.newPage();
    await screen.goto(server!.url + '/');
    await expect.poll(() => screen.getByTestId('contracts').textContent()).toBe('0');
    const sentAt = Date.now();
    await page.click('[data-testid=submit]');
    await screen.getByTestId('contracts').filter({ hasText: '1' }).waitFor({ timeout: 5000 });
    console.log(`staff: submit to dashboard counter took ${Date.now() - sentAt} ms`);
    expect(await screen.getByTestId('investment').textContent()).toBe('50 亿元');
    await page.getByTestId('queue-sent').waitFor();
    await screenshot(page, 'staff-saved');
    expect(errors).toEqual([]);
    console.log(`staff: login-to-dashboard test took ${Date.now() - started} ms`);
  });

  it('creates one signing from a double-clicked submit', async () => {
    const { page } = await desk();
    await fillForm(page, 'Double click', '8000万');
    await page.dblclick('[data-testid=submit]');
    await page.getByTestId('queue-sent').waitFor();
    await page.waitForTimeout(300);
    expect((await signingsOnServer()).map((s) => s.title)).toEqual(['Double click']);
  });

  it('queues an entry while offline, keeps it over a reload and sends it once online', async () => {
    const { page } = await desk();
    await context!.setOffline(true);
    await fillForm(page, 'Offline entry', '3.5亿');
    await page.click('[data-testid=submit]');
    await page.getByTestId('queue-pending').waitFor();
    expect(await page.getByTestId('notice').textContent()).toContain('offline');
    await screenshot(page, 'staff-offline-pending');
    // The reload fails while offline; the entry lives on in IndexedDB.
    await page.reload().catch(() => undefined);
    expect(await signingsOnServer()).toEqual([]);
    await context!.setOffline(false);
    await page.goto(server!.url + '/staff');
    await page.getByTestId('queue-sent').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect((await signingsOnServer()).map((s) => s.title)).toEqual(['Offline entry']);
  });

  it('sends again with the same key when the answer was lost, and stores one signing', async () => {
    const { page } = await desk();
    let dropped = 0;
    // The request reaches the server, the answer never reaches the browser.
    await page.route('**/api/v1/signings', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.fallback();
      dropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await fillForm(page, 'Lost answer', '1.2 billion');
    await page.click('[data-testid=submit]');
    await page.getByTestId('queue-sent').waitFor({ timeout: 15_000 });
    expect(dropped).toBe(1);
    expect((await signingsOnServer()).map((s) => s.title)).toEqual(['Lost answer']);
  });

  it('edits and voids a signing: the log shows both and the dashboard follows', async () => {
    const { page, errors } = await desk('organizer');
    await fillForm(page, 'To be corrected', '50亿');
    await page.click('[data-testid=submit]');
    await page.getByTestId('recent-row').first().waitFor();

    await page.getByRole('button', { name: '修改 Edit' }).click();
    await page.fill('#amount', '30亿');
    await page.fill('#reason', '签约金额为 30 亿');
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('correction saved');
    await expect.poll(() => page.getByTestId('recent-row').first().textContent()).toContain('30 亿元');

    const screen = await context!.newPage();
    await screen.goto(server!.url + '/');
    await expect.poll(() => screen.getByTestId('investment').textContent()).toBe('30 亿元');

    await page.getByRole('button', { name: '作废 Void' }).click();
    await page.fill('[data-testid=void-reason]', 'cancelled on stage');
    await page.getByRole('button', { name: '确认作废 Void' }).click();
    await expect.poll(() => page.getByTestId('recent-row').first().textContent()).toContain('Voided');
    await expect.poll(() => screen.getByTestId('contracts').textContent()).toBe('0');

    await page.goto(server!.url + '/staff/log');
    await expect.poll(() => page.getByTestId('audit-row').count()).toBe(3);
    const rows = await page.getByTestId('audit-row').allTextContents();
    expect(rows[0]).toContain('cancelled on stage');
    expect(rows[0]).toContain('published → voided');
    expect(rows[1]).toContain('签约金额为 30 亿');
    expect(rows[1]).toContain('50 亿元 → 30 亿元');
    await screenshot(page, 'staff-log');
    expect(errors).toEqual([]);
  });
});
