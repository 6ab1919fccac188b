/**
 * The fleet page's schedule editor and miniature, as pure functions: what a day timeline
 * shows for a schedule, and the `/display` address that previews a screen.
 */
import type { EventConfig } from '../../shared/event-config.js';
import { hoursOn } from '../../shared/event-hours.js';
import { displaySearchFor, type Profile, type Schedule, type ScheduleRange, type ScreenInfo } from '../../shared/fleet.js';
import { rangeCovers } from '../../shared/fleet-schedule.js';

export const DAY_MINUTES = 24 * 60;

export const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** A stretch of one day's timeline: the schedule range that wins there (its index), or none (-1: the screen's own profile). */
export interface Segment {
  from: number;
  to: number;
  range: number;
}

/**
 * One event day as the server decides it (shared/fleet-schedule.ts): at each moment the first
 * range covering it wins, a range past midnight runs into the next morning, and `day: null`
 * ranges cover every day. Adjacent stretches of the same range are merged.
 */
export function daySegments(ranges: readonly Pick<ScheduleRange, 'day' | 'from' | 'to'>[], day: string): Segment[] {
  const cuts = new Set([0, DAY_MINUTES]);
  for (const r of ranges) {
    cuts.add(minutesOf(r.from));
    cuts.add(minutesOf(r.to));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    const range = ranges.findIndex((r) => rangeCovers(r, day, from));
    const last = segments.at(-1);
    if (last && last.range === range) last.to = to;
    else segments.push({ from, to, range });
  }
  return segments;
}

/** The event's days, first to last. */
export function eventDays(event: Pick<EventConfig, 'dates'>): string[] {
  const days: string[] = [];
  for (let d = event.dates.start; d <= event.dates.end && days.length < 60; ) {
    days.push(d);
    const next = new Date(`${d}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    d = next.toISOString().slice(0, 10);
  }
  return days;
}

/** The closed stretches of a day, where a schedule's screen-saver shows. */
export function closedSegments(event: Pick<EventConfig, 'openingHours' | 'days'>, day: string): Array<{ from: number; to: number }> {
  const { open, close } = hoursOn(event, day);
  const o = minutesOf(open);
  const c = minutesOf(close);
  if (o <= c) return [{ from: 0, to: o }, { from: c, to: DAY_MINUTES }].filter((s) => s.to > s.from);
  return [{ from: c, to: o }];
}

export const clockOf = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export const DEFAULT_PROFILE: Profile = { venue: null, lang: 'zh-en', scenes: [{ name: 'headline', seconds: 20 }, { name: 'signings', seconds: 15 }, { name: 'charts', seconds: 20 }], theme: 'dark' };

export const emptySchedule = (): Schedule => ({ ranges: [], saver: true, quietHour: '03:00' });

/**
 * The `/display` address of a screen's miniature: its profile (or, following its URL, its
 * venue), screen-saver and ceremony stage, in preview mode, which shows the live figures
 * without joining the fleet.
 */
export function previewSrc(screen: Pick<ScreenInfo, 'venue' | 'state'>): string {
  const { profile, saver, stage } = screen.state;
  const params = new URLSearchParams({ preview: '1' });
  const own = displaySearchFor('', profile, true, saver);
  for (const [key, value] of new URLSearchParams(own ?? '')) params.set(key, value);
  if (!profile && screen.venue) params.set('venue', screen.venue);
  if (stage) params.set('ceremony', stage.ceremonyId);
  return `/display?${params.toString()}`;
}

/** One range as the editor holds it: scenes as text, the venue '' for the whole expo. */
export interface RangeForm {
  day: string | null;
  from: string;
  to: string;
  venue: string;
  lang: Profile['lang'];
  theme: Profile['theme'];
  scenes: string;
  /** The profile as loaded: options the editor does not show are kept when it saves. */
  base: Profile;
}

export const scenesText = (scenes: Profile['scenes']): string => scenes.map((s) => `${s.name}:${s.seconds}`).join(',');

export function rangeForm(r: ScheduleRange): RangeForm {
  return { day: r.day, from: r.from, to: r.to, venue: r.profile.venue ?? '', lang: r.profile.lang, theme: r.profile.theme, scenes: scenesText(r.profile.scenes), base: r.profile };
}

export const newRangeForm = (): RangeForm => rangeForm({ day: null, from: '09:00', to: '17:00', profile: DEFAULT_PROFILE });

/**
 * The ranges the editor holds, as the API takes them; `bad` lists (from 1) the ranges whose
 * scenes do not parse, which are left out.
 */
export function rangesFrom(forms: readonly RangeForm[], parseScenes: (text: string) => Profile['scenes'] | null): { ranges: ScheduleRange[]; bad: number[] } {
  const ranges: ScheduleRange[] = [];
  const bad: number[] = [];
  forms.forEach((f, i) => {
    const scenes = parseScenes(f.scenes);
    if (!scenes) bad.push(i + 1);
    else ranges.push({ day: f.day, from: f.from, to: f.to, profile: { ...f.base, venue: f.venue || null, lang: f.lang, theme: f.theme, scenes } });
  });
  return { ranges, bad };
}
