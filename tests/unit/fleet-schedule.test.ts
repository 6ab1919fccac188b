import { describe, expect, it } from 'vitest';
import { nextQuietReload, reloadDue, staggerMs, MEMORY_GRACE_MS, STAGGER_WINDOW_MS } from '../../client/display/self-care.js';
import { resolveState } from '../../server/fleet/resolve.js';
import type { FleetAssignment } from '../../server/store/types.js';
import { activeRange, rangeCovers } from '../../shared/fleet-schedule.js';
import type { Profile, Schedule } from '../../shared/fleet.js';

const p = (lang: Profile['lang']): Profile => ({ venue: null, lang, scenes: [{ name: 'headline', seconds: 20 }], theme: 'dark' });
const SH = 'Asia/Shanghai';
/** An instant from a Shanghai wall clock (UTC+8, no daylight saving), written independently of shared/time.ts. */
const sh = (wall: string) => Date.parse(`${wall}:00+08:00`);

describe('schedule ranges on the event clock', () => {
  const schedule: Pick<Schedule, 'ranges'> = {
    ranges: [
      { day: '2024-06-20', from: '09:00', to: '12:00', profile: p('zh') },
      { day: null, from: '09:00', to: '17:00', profile: p('en') },
      { day: '2024-06-21', from: '22:00', to: '02:00', profile: p('zh-en') },
    ],
  };

  it('takes the first range that covers the moment, ends at `to` exclusive', () => {
    expect(activeRange(schedule, sh('2024-06-20T08:59'), SH)).toBeNull();
    expect(activeRange(schedule, sh('2024-06-20T09:00'), SH)?.profile.lang).toBe('zh');
    expect(activeRange(schedule, sh('2024-06-20T12:00'), SH)?.profile.lang).toBe('en');
    expect(activeRange(schedule, sh('2024-06-22T16:59'), SH)?.profile.lang).toBe('en');
    expect(activeRange(schedule, sh('2024-06-22T17:00'), SH)).toBeNull();
  });

  it('runs a range past midnight into the next morning of its day only', () => {
    expect(activeRange(schedule, sh('2024-06-21T23:30'), SH)?.profile.lang).toBe('zh-en');
    expect(activeRange(schedule, sh('2024-06-22T01:59'), SH)?.profile.lang).toBe('zh-en');
    expect(activeRange(schedule, sh('2024-06-22T02:00'), SH)).toBeNull();
    // The 20th has no evening range: the 21st's early hours are not covered.
    expect(activeRange(schedule, sh('2024-06-21T01:00'), SH)).toBeNull();
    expect(rangeCovers({ day: '2024-07-01', from: '23:00', to: '01:00' }, '2024-07-01', 30)).toBe(false);
    expect(rangeCovers({ day: '2024-06-30', from: '23:00', to: '01:00' }, '2024-07-01', 30)).toBe(true);
  });

  it('follows the zone, not UTC: the same instant is another local day elsewhere', () => {
    const at = Date.parse('2024-06-20T17:30:00Z'); // 01:30 on the 21st in Shanghai, 13:30 on the 20th in New York
    expect(activeRange(schedule, at, SH)?.profile.lang).toBeUndefined();
    expect(activeRange(schedule, at, 'America/New_York')?.profile.lang).toBe('en');
  });
});

describe('precedence', () => {
  const screen = { id: 's1', venue: 'v1', pinned: true };
  const at = sh('2024-06-20T10:00');
  const T = '2024-06-19T00:00:00.000Z';
  const schedule: FleetAssignment = { target: 'all', kind: 'schedule', value: { ranges: [{ day: null, from: '09:00', to: '17:00', profile: p('en') }], saver: true, quietHour: '03:00' }, updatedAt: T };
  const profile: FleetAssignment = { target: 'screen:s1', kind: 'profile', value: p('zh'), updatedAt: T };

  it('stage, then schedule, then profile, then the URL', () => {
    expect(resolveState(screen, [], at, false, SH)).toMatchObject({ profile: null, profileSource: null, saver: null });
    expect(resolveState(screen, [profile], at, false, SH)).toMatchObject({ profile: p('zh'), profileSource: 'profile' });
    expect(resolveState(screen, [profile, schedule], at, false, SH)).toMatchObject({ profile: p('en'), profileSource: 'schedule', saver: true });
    // Outside the range, the profile again.
    expect(resolveState(screen, [profile, schedule], sh('2024-06-20T18:00'), false, SH)).toMatchObject({ profile: p('zh'), profileSource: 'profile' });
    const stage: FleetAssignment = { target: 'venue:v1', kind: 'stage', value: { ceremonyId: 'c1' }, updatedAt: T };
    expect(resolveState(screen, [profile, schedule, stage], at, false, SH)).toMatchObject({ profile: p('zh'), profileSource: 'stage', stage: { ceremonyId: 'c1' }, saver: false });
  });
});

describe('self-care', () => {
  it('reloads at the quiet hour on the event clock plus a fixed per-screen stagger, once a night', () => {
    const stagger = staggerMs('hall-1');
    expect(stagger).toBe(staggerMs('hall-1'));
    expect(stagger).toBeGreaterThanOrEqual(0);
    expect(stagger).toBeLessThan(STAGGER_WINDOW_MS);
    const ids = Array.from({ length: 40 }, (_, i) => staggerMs(`screen-${i}`));
    // 40 screens spread over the window rather than bunched.
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(STAGGER_WINDOW_MS / 2);
    expect(nextQuietReload(sh('2024-06-20T10:00'), SH, '03:00', 0)).toBe(sh('2024-06-21T03:00'));
    expect(nextQuietReload(sh('2024-06-21T02:00'), SH, '03:00', 60_000)).toBe(sh('2024-06-21T03:01'));
    // A page that started from the reload waits for the next night.
    expect(nextQuietReload(sh('2024-06-21T03:01') + 1, SH, '03:00', 60_000)).toBe(sh('2024-06-22T03:01'));
  });

  it('keeps the local quiet hour across a daylight saving change', () => {
    // Berlin goes from +01:00 to +02:00 on 31 March 2024 at 02:00.
    expect(nextQuietReload(Date.parse('2024-03-30T12:00:00+01:00'), 'Europe/Berlin', '03:00', 0)).toBe(Date.parse('2024-03-31T03:00:00+02:00'));
  });

  it('reloads for memory only past the bound, after the grace time, and never over a takeover card', () => {
    const base = { now: 1e9, startedAt: 1e9 - MEMORY_GRACE_MS, quietAt: 2e9, heapBytes: 500e6, heapLimitBytes: 400e6, busy: false };
    expect(reloadDue(base)).toBe('memory');
    expect(reloadDue({ ...base, busy: true })).toBeNull();
    expect(reloadDue({ ...base, heapBytes: 300e6 })).toBeNull();
    expect(reloadDue({ ...base, heapBytes: null })).toBeNull();
    expect(reloadDue({ ...base, startedAt: base.now - 1000 })).toBeNull();
    expect(reloadDue({ ...base, heapBytes: 0, quietAt: base.now })).toBe('quiet-hour');
  });
});
