import { describe, expect, it } from 'vitest';
import { builtClientDir, screenshot, useBrowser } from '../support/browser.js';
import { startRehearsal } from '../support/rehearsal.js';
import { issueToken, login, postSigning, tempDir } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const chromium = useBrowser();
const closing = closeAfterEach();

describe('rehearsal in Chromium', () => {
  it('watermarks every display during the rehearsal and drops it, with the figures, on going live', async () => {
    const { url } = closing(await startRehearsal(tempDir(), builtClientDir()));
    const staff = await issueToken(url, 'staff');
    await postSigning(url, staff);

    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const display = await context.newPage();
    const errors: string[] = [];
    display.on('pageerror', (e) => errors.push(e.message));
    await display.goto(`${url}/display?screen=hall`);
    await display.getByTestId('fleet-rehearsal').waitFor({ timeout: 5000 });
    await expect.poll(() => display.getByTestId('display').textContent()).toContain('1');
    await screenshot(display, 'display-rehearsal-1280x720');

    // The admin goes live from the organizer console, typing the confirmation.
    const { cookie } = await login(url);
    await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=')[1]!, url }]);
    const organizer = await context.newPage();
    organizer.on('pageerror', (e) => errors.push(e.message));
    await organizer.goto(`${url}/organizer`);
    await organizer.getByTestId('rehearsal-panel').waitFor();
    expect(await organizer.getByTestId('go-live').isDisabled()).toBe(true);
    await organizer.getByTestId('go-live-confirm').fill('GO LIVE');
    await organizer.getByTestId('go-live').click();
    await expect.poll(() => organizer.getByTestId('rehearsal-message').textContent()).toContain('Live');

    // The display reconnects by itself: no watermark, figures from zero.
    await display.getByTestId('fleet-rehearsal').waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(async () => (await (await fetch(`${url}/api/v1/summary`)).json()).signings.count).toBe(0);
    await screenshot(display, 'display-after-go-live-1280x720');
    expect(errors).toEqual([]);
    await context.close();
  });
});
