import { describe, expect, it } from 'vitest';
import type { Profile, ScreenInfo } from '../../shared/fleet.js';
import { closedSegments, daySegments, eventDays, previewSrc, rangeForm, rangesFrom, newRangeForm } from '../../client/organizer/fleet-schedule.js';
import { parseSceneList } from '../../client/organizer/fleet-form.js';

const h = (hour: number, minute = 0) => hour * 60 + minute;

describe('the schedule day timeline', () => {
  it('shows each day as the server decides it: first range wins, past midnight runs into the next morning, every-day ranges every day', () => {
    const ranges = [
      { day: '2024-06-20', from: '09:00', to: '12:00' },
      { day: null, from: '08:00', to: '18:00' },
      { day: '2024-06-20', from: '22:00', to: '02:30' },
    ];
    expect(daySegments(ranges, '2024-06-20')).toEqual([
      { from: 0, to: h(8), range: -1 },
      { from: h(8), to: h(9), range: 1 },
      { from: h(9), to: h(12), range: 0 },
      { from: h(12), to: h(18), range: 1 },
      { from: h(18), to: h(22), range: -1 },
      { from: h(22), to: h(24), range: 2 },
    ]);
    // The next day: the evening range's tail until 02:30, then only the every-day range.
    expect(daySegments(ranges, '2024-06-21')).toEqual([
      { from: 0, to: h(2, 30), range: 2 },
      { from: h(2, 30), to: h(8), range: -1 },
      { from: h(8), to: h(18), range: 1 },
      { from: h(18), to: h(24), range: -1 },
    ]);
    expect(daySegments([], '2024-06-21')).toEqual([{ from: 0, to: h(24), range: -1 }]);
  });

  it('lists the event days, shades the closed hours, and leaves out ranges whose scenes do not parse', () => {
    expect(eventDays({ dates: { start: '2024-06-29', end: '2024-07-02' } })).toEqual(['2024-06-29', '2024-06-30', '2024-07-01', '2024-07-02']);
    const event = { openingHours: { open: '09:00', close: '17:00' }, days: [{ date: '2024-06-23', hours: { open: '09:00', close: '12:00' } }] };
    expect(closedSegments(event, '2024-06-20')).toEqual([{ from: 0, to: h(9) }, { from: h(17), to: h(24) }]);
    expect(closedSegments(event, '2024-06-23')).toEqual([{ from: 0, to: h(9) }, { from: h(12), to: h(24) }]);
    const { ranges, bad } = rangesFrom([newRangeForm(), { ...newRangeForm(), scenes: 'nothing:5' }], parseSceneList);
    expect(bad).toEqual([2]);
    expect(ranges).toHaveLength(1);
    // What the editor does not show survives an edit.
    const loaded = { day: null, from: '08:00', to: '10:00', profile: { venue: null, lang: 'zh', scenes: [{ name: 'charts', seconds: 20 }], theme: 'dark', extra: 'kept' } } as unknown as Parameters<typeof rangeForm>[0];
    expect(rangesFrom([{ ...rangeForm(loaded), lang: 'en' }], parseSceneList).ranges[0]!.profile).toEqual({ ...loaded.profile, lang: 'en' });
  });
});

describe("a screen's miniature", () => {
  const state = { profile: null, saver: null, stage: null } as unknown as ScreenInfo['state'];
  it('previews the screen with its profile, screen-saver and stage, in preview mode', () => {
    const profile: Profile = { venue: 'v2', lang: 'en', scenes: [{ name: 'headline', seconds: 30 }], theme: 'light' };
    expect(previewSrc({ venue: 'v1', state: { ...state, profile, saver: true, stage: { ceremonyId: 'c1' } } })).toBe(
      '/display?preview=1&venue=v2&lang=en&scenes=headline%3A30&theme=light&saver=1&ceremony=c1',
    );
    // A screen that follows its URL: its venue, the rest by default.
    expect(previewSrc({ venue: 'v1', state })).toBe('/display?preview=1&venue=v1');
    expect(previewSrc({ venue: null, state })).toBe('/display?preview=1');
  });
});
