import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtClientDir, collectErrors, launchBrowser, screenshot } from '../support/browser.js';
import { issueToken, login, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

const XSS = '<img src=x onerror=alert(1)>';
const SQL = "Robert'); DROP TABLE signings; --";

let browser: Browser;
let server: TestServer;
let cookie: { name: string; value: string };

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ clientDir: builtClientDir() });
  const staff = await issueToken(server.url, 'staff');
  const { res } = await postSigning(server.url, staff, sampleSigning({ investor: XSS, title: SQL, partner: '"><script>alert(2)</script>' }));
  expect(res.status).toBe(201);
  const admin = await login(server.url);
  const [name, value] = admin.cookie.split('=');
  cookie = { name: name!, value: value! };
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page that must show hostile text as text: no dialog, no CSP violation, no error. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addCookies([{ ...cookie, url: server.url }]);
  const page = await context.newPage();
  const problems = collectErrors(page);
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(server.url + path);
  return { page, problems };
}

describe('hostile text in a signing renders as text (and the CSP holds)', () => {
  it.each([
    ['/display?scenes=signings:60', 'display'],
    ['/staff', 'staff'],
    ['/organizer', 'organizer'],
    ['/', 'dashboard'],
  ])('%s', async (path, name) => {
    const { page, problems } = await open(path);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain(XSS);
    expect(await page.locator('body').innerText()).toContain(SQL);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await screenshot(page, `hostile-text-${name}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
