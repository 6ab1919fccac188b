import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ScreenInfo } from '../../shared/fleet.js';
import { CHROMIUM_PATH, clientTests } from '../support/browser.js';
import { login, tempDir } from '../support/server.js';

const app = clientTests();

/** The launcher exactly as docs/KIOSK.md prints it: its flags, its profile folder and its URL. */
function documentedLauncher(): { flags: string[]; profile: string; url: string } {
  const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/KIOSK.md'), 'utf8');
  const block = /<!-- kiosk-flags:start -->\s*```sh\n([\s\S]*?)```\s*<!-- kiosk-flags:end -->/.exec(doc)?.[1];
  if (!block) throw new Error('docs/KIOSK.md lost its launcher');
  const words = block.replace(/\\\n/g, ' ').trim().split(/\s+/).slice(1);
  const profile = words.find((w) => w.startsWith('--user-data-dir='));
  const url = words.at(-1)!;
  if (!profile || !url.startsWith('http')) throw new Error('the launcher names a profile folder and a URL');
  return { flags: words.filter((w) => w.startsWith('--') && w !== profile), profile, url };
}

/** Starts Chromium as the kiosk would, headless, on `profileDir` (Playwright passes the profile folder itself); it closes after the test. */
async function launch(flags: string[], profileDir: string): Promise<BrowserContext> {
  return app.keep(await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--enable-automation'],
    args: ['--headless', '--no-sandbox', ...flags],
    viewport: { width: 1280, height: 720 },
  }));
}

describe('the documented kiosk launcher', () => {
  it('shows a pairing code, pairs, and is the same screen after the browser starts again on its profile', async () => {
    const { flags, url } = documentedLauncher();
    expect(flags).toContain('--kiosk');
    expect(new URL(url).pathname).toBe('/display');
    const server = await app.start();
    const profileDir = tempDir('pavilion-kiosk-profile-');
    const displayUrl = `${server.url}${new URL(url).pathname}`;

    const kiosk = await launch(flags, profileDir);
    const page = kiosk.pages()[0] ?? (await kiosk.newPage());
    await page.goto(displayUrl);
    const code = (await page.getByTestId('pairing-code').textContent({ timeout: 10_000 }))!.trim();
    const { cookie, csrfToken } = await login(server.url);
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const paired = await fetch(`${server.url}/api/v1/fleet/pair`, { method: 'POST', headers, body: JSON.stringify({ code, name: 'Kiosk 1', venueId: 'v1' }) });
    expect(paired.status).toBe(201);
    const { screenId } = (await paired.json()) as { screenId: string };
    await page.getByTestId('identify').waitFor({ timeout: 5000 });
    await kiosk.close();

    // A reboot: the same profile, a new browser.
    const rebooted = await launch(flags, profileDir);
    const again = rebooted.pages()[0] ?? (await rebooted.newPage());
    await again.goto(displayUrl);
    await again.getByTestId('display').waitFor();
    const screens = async () => ((await (await fetch(`${server.url}/api/v1/fleet/screens`, { headers })).json()) as { items: ScreenInfo[] }).items;
    await expect.poll(async () => (await screens()).map((s) => [s.id, s.status]), { timeout: 10_000 }).toEqual([[screenId, 'online']]);
    expect(await again.getByTestId('pairing').count()).toBe(0);
  });
});
