import fs from 'node:fs';
import { expect, it } from 'vitest';
import type { EventConfig } from '../../shared/event-config.js';
import { browserTests, collectErrors, screenshot } from '../support/browser.js';
import { defaultEvent } from '../support/server.js';

const chromium = browserTests();

/** A fresh installation whose event file has only its main venue: the organizer builds the rest. */
function oneVenueEvent(): EventConfig {
  const event = defaultEvent();
  return {
    ...event,
    venues: event.venues.slice(0, 1),
    areas: event.areas.filter((a) => !a.venueId || a.venueId === 'v1'),
    days: event.days?.map(({ venueHours: _v, ...day }) => day),
  };
}

const NEW_VENUES = [
  ['天津梅江会展中心', 'Tianjin Meijiang Convention and Exhibition Center'],
  ['天津大礼堂', 'Tianjin Grand Hall'],
  ['天津滨海国际会展中心', 'Tianjin Binhai International Convention and Exhibition Center'],
  ['天津市文化中心', 'Tianjin Cultural Center'],
  ['天津奥林匹克中心', 'Tianjin Olympic Center'],
  ['天津科技馆', 'Tianjin Science and Technology Museum'],
  ['天津市人民体育馆', "Tianjin People's Stadium"],
] as const;

it('an organizer builds an 8-venue event in /organizer/event and /display shows the new names without a reload', async () => {
  const server = await chromium.start({ event: oneVenueEvent() });
  const viewport = { width: 1920, height: 1080 };

  const screenContext = await chromium.context({ viewport });
  const display = await screenContext.newPage();
  const displayErrors = collectErrors(display);
  await display.goto(`${server.url}/display?venue=v8&lang=zh&scenes=overview`);
  await expect.poll(() => display.locator('h1').textContent()).toBe('2024世界智能产业博览会');

  const { context: consoleContext } = await chromium.signedIn({ viewport });
  const page = await consoleContext.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/organizer/event`);
  await page.getByTestId('event-editor').waitFor();

  for (const [i, [zh, en]] of NEW_VENUES.entries()) {
    await page.getByTestId('add-venue').click();
    const index = i + 1;
    await page.getByTestId(`venues.${index}.name.zh`).fill(zh);
    await page.getByTestId(`venues.${index}.name.en`).fill(en);
    await page.getByTestId(`venues.${index}.gates.0.name.zh`).waitFor();
  }
  // A wrong capacity is named at its field, in both languages, and nothing is sent.
  await page.getByTestId('venues.3.capacity').fill('-5');
  await page.getByTestId('event-save').click();
  await expect.poll(() => page.getByTestId('error-venues.3.capacity').textContent()).toMatch(/.+ · .+/);
  await page.getByTestId('venues.3.capacity').fill('8000');
  await page.getByTestId('name.zh').fill('第八届世界智能产业博览会');
  await page.getByTestId('event-save').click();
  await expect.poll(() => page.getByTestId('event-message').textContent()).toContain('版本 2');

  const saved = (await (await fetch(`${server.url}/api/v1/event`)).json()) as EventConfig & { version: number };
  expect(saved.version).toBe(2);
  expect(saved.venues.map((v) => v.id)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']);
  expect(saved.venues[7]!.name).toEqual({ zh: '天津市人民体育馆', en: "Tianjin People's Stadium" });

  // The screen was never reloaded: it follows the edit and shows venue 8, which did not exist when it started.
  await expect.poll(() => display.locator('h1').textContent(), { timeout: 10_000 }).toBe('第八届世界智能产业博览会· 天津市人民体育馆');
  await page.getByTestId('display-preview').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const shots = [await screenshot(page, 'organizer-event-editor'), await screenshot(display, 'display-after-event-edit')];
  if (process.env.PAVILION_DOC_SCREENSHOTS) {
    fs.copyFileSync(shots[0]!, 'docs/screenshots/organizer-event.png');
    fs.copyFileSync(shots[1]!, 'docs/screenshots/display-event-edit.png');
  }
  expect(errors).toEqual([]);
  expect(displayErrors, displayErrors.join('\n')).toEqual([]);
});
