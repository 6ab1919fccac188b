import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AppDeps } from '../../server/app.js';
import { CLIENT_DIR } from '../../server/config/paths.js';
import { login, startServer, type TestServer } from './server.js';

export const CHROMIUM_PATH = process.env.PAVILION_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/**
 * The built client that browser tests serve; `npm test` builds it first.
 * PAVILION_CLIENT_DIR points at a client built elsewhere.
 */
export function builtClientDir(): string {
  const dir = process.env.PAVILION_CLIENT_DIR ?? CLIENT_DIR;
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`no built client in ${dir}: run "npm run build" first`);
  }
  return dir;
}

/** Debian's Chromium, headless. A missing browser fails the test: it is never skipped. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set PAVILION_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * One Chromium for the test file: started before its tests, closed after them.
 * Read `.browser` inside tests.
 */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
  };
}

/**
 * One Chromium for the test file (as `useBrowser()`), and per test the app serving the built
 * client and the browser contexts opened on it; after each test the contexts close, then the app.
 */
export function browserTests() {
  const chromium = useBrowser();
  let server: TestServer | undefined;
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    await server?.close();
    server = undefined;
  });
  const running = (): TestServer => {
    if (!server) throw new Error('start() the server first');
    return server;
  };
  return {
    get browser() {
      return chromium.browser;
    },
    /** The app on SQLite in a temporary folder, serving the built client. */
    async start(options: Partial<AppDeps> = {}): Promise<TestServer> {
      server = await startServer({ clientDir: builtClientDir(), ...options });
      return server;
    },
    /** A new browser context, closed after the test. */
    async context(options: BrowserContextOptions = {}): Promise<BrowserContext> {
      const context = await chromium.browser.newContext(options);
      contexts.push(context);
      return context;
    },
    /** A new browser context signed in as the admin with the session cookie of a real login, and that cookie. */
    async signedIn(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; cookie: string }> {
      const { url } = running();
      const { cookie } = await login(url);
      const [name, value] = cookie.split('=') as [string, string];
      const context = await this.context(options);
      await context.addCookies([{ name, value, url }]);
      return { context, cookie };
    },
  };
}

/** Uncaught errors and console errors of `page` (CSP violations among them), as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
