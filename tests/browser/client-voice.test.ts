import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTests, submitLogin } from '../support/browser.js';
import { ADMIN_PASSWORD } from '../support/server.js';

const chromium = browserTests();

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
/** The display's language and the page's, read at one moment: the display flips every 2 s. */
const displayAndHtmlLang = (page: Page) =>
  page.evaluate(() => `${document.querySelector('[data-testid=display]')?.getAttribute('data-lang')}=${document.documentElement.lang}`);

describe('one voice for the client', () => {
  it('sets <html lang> to the language the display shows, and follows it as it flips', async () => {
    const server = await chromium.start();
    const context = await chromium.context({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/display?lang=en`);
    await expect.poll(() => page.getByTestId('display').getAttribute('data-lang')).toBe('en');
    expect(await htmlLang(page)).toBe('en');
    await page.goto(`${server.url}/display?lang=zh-en&alternate=2`);
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        seen.add(await displayAndHtmlLang(page));
        return [...seen].sort();
      }, { timeout: 10_000 })
      .toEqual(['en=en', 'zh=zh-CN']);
  });

  it('shows a field error the server sent as a code in Chinese and English, from the catalogue', async () => {
    const server = await chromium.start();
    const context = await chromium.context({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.waitForURL('**/login?next=%2Fadmin');
    expect(await htmlLang(page)).toBe('zh-CN');
    await submitLogin(page, 'admin', ADMIN_PASSWORD);
    const users = page.getByTestId('users');
    await users.waitFor();
    await users.getByLabel('用户名 Username').fill('desk10');
    await users.getByLabel('密码 Password').fill('short');
    await users.getByRole('button', { name: '添加 Add user' }).click();
    await expect.poll(() => users.locator('.error').allTextContents()).toEqual(['password: 至少 10 个字符 at least 10 characters']);
    expect(await users.getByRole('status').textContent()).toBe('内容有误 invalid request');
  });
});
