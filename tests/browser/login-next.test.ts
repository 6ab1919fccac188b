import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { builtClientDir, useBrowser } from '../support/browser.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/server.js';

const chromium = useBrowser();
let server: TestServer | undefined;
let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
  await server?.close();
  server = undefined;
});

describe('login page', () => {
  it('after login, ?next=/%5Cevil.example stays on this site', async () => {
    server = await startServer({ clientDir: builtClientDir() });
    context = await chromium.browser.newContext();
    const left: string[] = [];
    // Nothing may leave the machine: a request elsewhere is noted and stopped here.
    await context.route((url) => !url.href.startsWith(server!.url), async (route) => {
      left.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=/%5Cevil.example`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 10_000 }).catch(() => undefined);
    expect(left).toEqual([]);
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(new URL(page.url()).pathname).toBe('/staff');
  });
});
