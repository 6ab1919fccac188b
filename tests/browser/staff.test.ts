import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { userSession } from '../integration/staff-support.js';
import { browserTests, logInThrough, screenshot } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/server.js';

const chromium = browserTests();

async function desk(role: 'staff' | 'organizer' = 'staff') {
  const server = await chromium.start();
  await userSession(server.url, role, `${role}1`);
  return chromium.desk(`${role}1`);
}

async function fillForm(page: Page, title: string, amount: string): Promise<void> {
  await page.fill('#title', title);
  await page.fill('#investor', 'Example Mobility GmbH');
  await page.getByTestId('country-search').fill('德国');
  await page.getByRole('option', { name: /德国/ }).click();
  await page.fill('#partner', 'Tianjin Binhai District');
  await page.fill('#amount', amount);
  await page.selectOption('#venueId', 'v1');
  await page.selectOption('#areaId', 'icv');
  await page.selectOption('#sector', 'icv');
}

/** Runs in the page: what the staff outbox holds in IndexedDB. */
function storedOutbox(): Promise<Array<{ title: string; state: string }>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('pavilion-staff');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('outbox').objectStore('outbox').getAll();
      type Stored = { op: { input?: { title: string }; base?: { title: string } }; state: string };
      all.onsuccess = () => resolve(all.result.map((e: Stored) => ({ title: (e.op.input ?? e.op.base)!.title, state: e.state })));
      all.onerror = () => reject(all.error);
    };
  });
}

async function signingsOnServer(): Promise<Array<{ title: string; status: string }>> {
  const res = await fetch(`${chromium.server.url}/api/v1/signings?limit=100`);
  return ((await res.json()) as { items: Array<{ title: string; status: string }> }).items;
}

describe('staff desk in Chromium', () => {
  it('logs in, shows field errors, echoes 50亿 and puts it on the display and the dashboard', async () => {
    const started = Date.now();
    const { context, page, errors } = await desk();
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('error-title').textContent()).toBe('必填 · required');
    await page.fill('#amount', '50 zillion');
    await page.click('[data-testid=submit]');
    expect(await page.getByTestId('error-amount').textContent()).toContain('unknown unit "zillion"');
    await screenshot(page, 'staff-field-errors');

    await fillForm(page, 'Intelligent vehicle test ground', '5000');
    await page.getByTestId('amount-guard').waitFor();
    expect(await page.getByTestId('amount-guard').textContent()).toContain('under 10,000 yuan');
    expect(await page.getByTestId('submit').isDisabled()).toBe(true);
    await page.fill('#amount', '50亿');
    expect(await page.getByTestId('amount-guard').count()).toBe(0);
    expect(await page.getByTestId('amount-echo').textContent()).toBe('50 亿元 = 5,000,000,000 yuan');
    expect(await page.getByTestId('country-chosen').textContent()).toContain('DE');
    await screenshot(page, 'staff-form-filled');

    const display = await context.newPage();
    await display.goto(`${chromium.server.url}/display?scenes=headline:600&lang=zh`);
    const screen = await context.newPage();
    await screen.goto(chromium.server.url + '/');
    await expect.poll(() => display.getByTestId('contracts').textContent()).toBe('0');
    await expect.poll(() => screen.getByTestId('contracts').textContent()).toBe('0');
    const sentAt = Date.now();
    await page.click('[data-testid=submit]');
    await display.getByTestId('contracts').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    console.log(`staff: submit to display counter took ${Date.now() - sentAt} ms`);
    await expect.poll(() => display.getByTestId('investment').textContent()).toBe('50亿元');
    await screen.getByTestId('contracts').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    expect(await screen.getByTestId('investment').textContent()).toBe('50 亿元');
    await screenshot(display, 'staff-display-after-50yi');
    await page.getByTestId('queue-sent').waitFor();
    await screenshot(page, 'staff-saved');
    expect(errors).toEqual([]);
    console.log(`staff: login-to-display test took ${Date.now() - started} ms`);
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
    const { context, page } = await desk();
    await context.setOffline(true);
    await fillForm(page, 'Offline entry', '3.5亿');
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('offline');
    await page.getByTestId('queue-pending').waitFor();
    await screenshot(page, 'staff-offline-pending');
    const stored = await page.evaluate(storedOutbox);
    expect(stored).toEqual([{ title: 'Offline entry', state: 'pending' }]);

    // Chromium's offline emulation sometimes lets the failed POST through to the server
    // anyway: the lost-answer case, which the idempotency key turns into one signing.
    await page.reload().catch(() => undefined);
    await context.setOffline(false);
    await page.goto(chromium.server.url + '/staff');
    await expect.poll(() => page.evaluate(storedOutbox), { timeout: 10_000 }).toEqual([]);
    await page.waitForTimeout(1000);
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

  it('edits and voids a signing: the log shows both and the display follows', async () => {
    const { context, page, errors } = await desk('organizer');
    await fillForm(page, 'To be corrected', '50亿');
    await page.click('[data-testid=submit]');
    await page.getByTestId('recent-row').first().waitFor();

    await page.getByRole('button', { name: '修改 Edit' }).click();
    await page.fill('#amount', '30亿');
    await page.fill('#reason', '签约金额为 30 亿');
    await page.click('[data-testid=submit]');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('correction saved');
    await expect.poll(() => page.getByTestId('recent-row').first().textContent()).toContain('30 亿元');

    const screen = await context.newPage();
    await screen.goto(`${chromium.server.url}/display?scenes=headline:600&lang=zh`);
    await expect.poll(() => screen.getByTestId('investment').textContent()).toBe('30亿元');

    await page.getByRole('button', { name: '作废 Void' }).click();
    await page.fill('[data-testid=void-reason]', 'cancelled on stage');
    await page.getByRole('button', { name: '确认作废 Void' }).click();
    await expect.poll(() => page.getByTestId('recent-row').first().textContent()).toContain('Voided');
    await expect.poll(() => screen.getByTestId('contracts').textContent()).toBe('0');

    await page.goto(chromium.server.url + '/staff/log');
    // The log also lists operators' actions (the users this test made); these are the signing's rows.
    const signingRows = page.locator('[data-testid=audit-row]:not(.operator)');
    await expect.poll(() => signingRows.count()).toBe(3);
    const rows = await signingRows.allTextContents();
    expect(rows[0]).toContain('cancelled on stage');
    expect(rows[0]).toContain('published → voided');
    expect(rows[1]).toContain('签约金额为 30 亿');
    expect(rows[1]).toContain('50 亿元 → 30 亿元');
    await screenshot(page, 'staff-log');
    expect(errors).toEqual([]);
  });

  it('previews a CSV with a bad row, then imports a large good file in one go', async () => {
    const { page, errors } = await desk('organizer');
    await page.goto(chromium.server.url + '/staff/import');
    const header = '项目名称,投资方,国家,签约方,金额,行业,场馆,展区\r\n';
    const bad = header + '好项目,Acme,美国,滨海,1亿,ai,v1,ai\r\n坏项目,Acme,美国,滨海,很多,ai,v1,ai\r\n';
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + bad) });
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors').textContent()).toContain('很多');
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    await screenshot(page, 'staff-import-errors');

    const rows = Array.from({ length: 3000 }, (_, i) => `项目 ${i + 1},Acme ${i},DE,滨海,${i + 1}000万,icv,v1,icv`).join('\r\n');
    await page.getByTestId('import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(header + rows) });
    await page.getByTestId('import-confirm').waitFor();
    expect(await page.getByTestId('import-preview').textContent()).toContain('3000 / 3000');
    await screenshot(page, 'staff-import-preview');
    const started = Date.now();
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor({ timeout: 15_000 });
    console.log(`staff: importing 3000 rows took ${Date.now() - started} ms`);
    const summary = await (await fetch(`${chromium.server.url}/api/v1/summary`)).json();
    expect(summary.signings.count).toBe(3000);
    expect(errors).toEqual([]);
  });

  it('lets an admin add a user and issue a token', async () => {
    const server = await chromium.start();
    const page = await (await chromium.context({ viewport: { width: 1280, height: 900 } })).newPage();
    await logInThrough(page, server.url, '/admin', 'admin', ADMIN_PASSWORD);
    await page.getByTestId('users').waitFor();
    const users = page.getByTestId('users');
    await users.getByLabel('用户名 Username').fill('desk9');
    await users.getByLabel('密码 Password').fill('a-long-password');
    await users.getByRole('button', { name: '添加 Add user' }).click();
    await expect.poll(() => users.locator('tbody').textContent()).toContain('desk9');
    const tokens = page.getByTestId('tokens');
    await tokens.getByLabel('名称 Label').fill('Hall 1 screen');
    await tokens.getByRole('button', { name: '签发 Issue token' }).click();
    await expect.poll(() => page.getByTestId('token-secret').textContent()).toMatch(/pvl_/);
    await screenshot(page, 'staff-admin');
  });
});
