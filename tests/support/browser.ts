import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AppDeps } from '../../server/app.js';
import { CLIENT_DIR } from '../../server/config/paths.js';
import { STAFF_PASSWORD } from '../integration/staff-support.js';
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
 * Per test, the app serving the built client and the browser contexts kept with `keep()`; after
 * each test the contexts close, then the app. For tests that launch a Chromium of their own.
 */
export function clientTests() {
  const servers: TestServer[] = [];
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    /** The app `start()` started last in this test. */
    get server(): TestServer {
      const server = servers.at(-1);
      if (!server) throw new Error('start() the server first');
      return server;
    },
    /** The app on SQLite in a temporary folder, serving the built client. */
    async start(options: Partial<AppDeps> = {}): Promise<TestServer> {
      const server = await startServer({ clientDir: builtClientDir(), ...options });
      servers.push(server);
      return server;
    },
    /** Closes `context` after the test (closing it earlier is fine). */
    keep<C extends BrowserContext>(context: C): C {
      contexts.push(context);
      return context;
    },
  };
}

/**
 * One Chromium for the test file (as `useBrowser()`), and per test the app serving the built
 * client and the browser contexts opened on it; after each test the contexts close, then the app.
 */
export function browserTests() {
  const chromium = useBrowser();
  const app = clientTests();
  return {
    get browser() {
      return chromium.browser;
    },
    /** The app `start()` started last in this test. */
    get server() {
      return app.server;
    },
    start: app.start,
    /** A new browser context, closed after the test. */
    async context(options: BrowserContextOptions = {}): Promise<BrowserContext> {
      return app.keep(await chromium.browser.newContext(options));
    },
    /** A page in a new browser context (closed after the test), with its errors as `collectErrors` gathers them. */
    async page(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
      const context = await this.context(options);
      const page = await context.newPage();
      return { context, page, errors: collectErrors(page) };
    },
    /** A new browser context signed in as the admin with the session cookie of a real login, and that cookie. */
    async signedIn(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; cookie: string }> {
      const { url } = app.server;
      const { cookie } = await login(url);
      const context = await this.context(options);
      await addSession(context, url, cookie);
      return { context, cookie };
    },
    /**
     * The staff desk at 1280×900, ready, after `username` logged in through the form, and the page's
     * uncaught errors: the first visit's 401 before logging in is a console error, and expected.
     */
    async desk(username: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
      const context = await this.context({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = uncaughtErrors(page);
      await openDesk(page, app.server.url, username);
      return { context, page, errors };
    },
  };
}

/** Gives `context` the session of `cookie` (the `name=value` a login answered) on `url`. */
export async function addSession(context: BrowserContext, url: string, cookie: string): Promise<void> {
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
}

/** Fills and sends the login form the page shows. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/** Opens `path` on `url`, a page that sends a visitor to /login first, and logs in there. */
export async function logInThrough(page: Page, url: string, path: string, username: string, password: string): Promise<void> {
  await page.goto(url + path);
  await page.waitForURL(`**/login?next=${encodeURIComponent(path)}`);
  await submitLogin(page, username, password);
}

/** Opens the staff desk on `url` and logs in as the desk user `username`; resolves once the form is there. */
export async function openDesk(page: Page, url: string, username: string): Promise<void> {
  await logInThrough(page, url, '/staff', username, STAFF_PASSWORD);
  await page.waitForURL('**/staff');
  await page.getByTestId('signing-form').waitFor();
}

/** The JS heap of `page` after garbage collection, in bytes. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** Uncaught errors of `page`, as they happen. */
export function uncaughtErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Uncaught errors and console errors of `page` (CSP violations among them), as they happen. */
export function collectErrors(page: Page): string[] {
  const errors = uncaughtErrors(page);
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
