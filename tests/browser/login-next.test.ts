import { describe, expect, it } from 'vitest';
import { browserTests, submitLogin } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/server.js';

const chromium = browserTests();

describe('login page', () => {
  it('after login, ?next=/%5Cevil.example stays on this site', async () => {
    const server = await chromium.start();
    const context = await chromium.context();
    const left: string[] = [];
    // Nothing may leave the machine: a request elsewhere is noted and stopped here.
    await context.route((url) => !url.href.startsWith(server.url), async (route) => {
      left.push(route.request().url());
      await route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=/%5Cevil.example`);
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL((url) => url.pathname !== '/login', { timeout: 10_000 }).catch(() => undefined);
    expect(left).toEqual([]);
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(new URL(page.url()).pathname).toBe('/staff');
  });
});
