import { describe, expect, it } from 'vitest';
import { nextQuietReload, staggerMs } from '../../client/display/self-care.js';
import { LAST_RELOAD_KEY } from '../../client/lib/fleet.svelte.js';
import { browserTests, screenshot } from '../support/browser.js';
import { issueToken, postSigning, sampleSigning } from '../support/server.js';

const chromium = browserTests();

/** When the reload's request left, and what a page reports about its headline figure, timed on the test's (real) clock. */
interface Mark {
  kind: 'reload' | 'figure';
  text: string;
  at: number;
}

/**
 * Runs in every document the page loads: reports the first painted frame with a figure in the
 * contracts count, and the first with the exact one. A frame is painted once the
 * requestAnimationFrame after the change has run.
 */
function observeFigures(exact: string): void {
  const report = (window as unknown as { __mark: (kind: string, text: string) => void }).__mark;
  let seenAny = false;
  const look = () => {
    const text = document.querySelector('[data-testid="contracts"]')?.textContent?.trim() ?? '';
    if (!/^\d/.test(text)) return;
    if (!seenAny || text === exact) requestAnimationFrame(() => report('figure', text));
    seenAny = true;
    if (text === exact) observer.disconnect();
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

describe('the nightly reload', () => {
  it('starts from a snapshot with no visible blank longer than a second', { timeout: 60_000 }, async () => {
    const server = await chromium.start();
    const staff = await issueToken(server.url, 'staff');
    for (let i = 0; i < 3; i++) expect((await postSigning(server.url, staff, sampleSigning({ amount: 2_000_000 + i }))).res.status).toBe(201);

    const { page, errors } = await chromium.page({ viewport: { width: 1280, height: 720 } });
    const marks: Mark[] = [];
    await page.exposeBinding('__mark', (_source, kind: Mark['kind'], text: string) => void marks.push({ kind, text, at: Date.now() }));
    await page.addInitScript(observeFigures, '3');
    let loads = 0;
    page.on('load', () => loads++);
    // The old page's figures stay on screen at least until the reload asks for the new one.
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) marks.push({ kind: 'reload', text: '', at: Date.now() });
    });

    // The page's clock starts a minute before this screen's quiet-hour reload (03:00 event time plus its stagger).
    const screenId = 'night-1';
    const quietAt = nextQuietReload(Date.parse('2024-06-20T12:00:00Z'), server.event.timeZone, '03:00', staggerMs(screenId));
    await page.clock.install({ time: quietAt - 60_000 });
    await page.goto(`${server.url}/display?screen=${screenId}&scenes=headline:3600&lang=zh&card=1`);
    await expect.poll(() => page.getByTestId('contracts').textContent(), { timeout: 10_000 }).toBe('3');

    // The first page's own report of its figure is in before the nights begin.
    await expect.poll(() => marks.some((m) => m.kind === 'figure' && m.text === '3')).toBe(true);
    const blanks: number[] = [];
    for (let night = 0; night < 3; night++) {
      marks.length = 0;
      // Past the quiet hour: self-care's next check reloads the page.
      await page.clock.fastForward(night === 0 ? 75_000 : 24 * 3_600_000);
      const afterReload = () => marks.slice(marks.findIndex((m) => m.kind === 'reload') + 1).filter((m) => m.kind === 'figure');
      await expect.poll(() => marks.some((m) => m.kind === 'reload') && afterReload().length > 0, { timeout: 10_000 }).toBe(true);
      const reloadAt = marks.find((m) => m.kind === 'reload')!.at;
      const first = afterReload()[0]!;
      // The snapshot's figure itself, not a count rising from zero.
      expect(first.text).toBe('3');
      blanks.push(first.at - reloadAt);
      await page.waitForLoadState('load');
      const reload = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), LAST_RELOAD_KEY)) ?? 'null') as { reason: string } | null;
      expect(reload?.reason).toBe('quiet-hour');
    }
    await screenshot(page, 'display-after-nightly-reload');
    console.log(`nightly reload: from the reload's request to the first painted frame with the figure: ${blanks.join(', ')} ms`);
    expect(loads).toBe(1 + 3);
    expect(Math.max(...blanks)).toBeLessThan(1000);
    expect(errors).toEqual([]);
  });
});
