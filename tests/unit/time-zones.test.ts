import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEventTime, instantOfWallClock, isoFromWallClock, localDayRange, localHourKey, wallClockOf } from '../../shared/time.js';

/** The wall clock Intl shows at an instant, `YYYY-MM-DDTHH:MM`: the independent oracle. */
function intlWallClock(atMs: number, timeZone: string): string {
  // Swedish writes dates as YYYY-MM-DD HH:MM:SS.
  return new Date(atMs).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' }).slice(0, 16).replace(' ', 'T');
}

// Half-hour and 45-minute offsets, a 30-minute daylight saving shift, both hemispheres.
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'Asia/Kolkata'];
const MINUTE = 60_000;
const HOUR = 3_600_000;

describe('wall clock and instant', () => {
  it('turns any wall-clock time of 1971-2100 into its first instant, as Intl reads it back', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 2) / MINUTE, max: Date.UTC(2100, 0, 1) / MINUTE }), fc.constantFrom(...ZONES), (minutes, zone) => {
        const atMs = minutes * MINUTE;
        const wall = intlWallClock(atMs, zone);
        const instant = instantOfWallClock(wall, zone)!;
        expect(wallClockOf(atMs, zone)).toBe(wall);
        expect(intlWallClock(instant, zone)).toBe(wall);
        // The first of the instants showing this wall clock: half an hour or an hour earlier it showed something else.
        expect(instant).toBeLessThanOrEqual(atMs);
        expect(intlWallClock(instant - HOUR / 2, zone)).not.toBe(wall);
        expect(intlWallClock(instant - HOUR, zone)).not.toBe(wall);
        expect(Date.parse(isoFromWallClock(wall, zone)!)).toBe(instant);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads Tianjin, Kolkata and Kathmandu wall clocks at their offsets and back', () => {
    expect(isoFromWallClock('2024-06-20T14:00', 'Asia/Shanghai')).toBe('2024-06-20T14:00:00+08:00');
    expect(instantOfWallClock('2024-06-20T14:00', 'Asia/Shanghai')).toBe(Date.parse('2024-06-20T06:00:00Z'));
    expect(wallClockOf('2024-06-20T06:00:00Z', 'Asia/Shanghai')).toBe('2024-06-20T14:00');
    expect(isoFromWallClock('2024-06-20 14:00:15', 'Asia/Kolkata')).toBe('2024-06-20T14:00:15+05:30');
    expect(wallClockOf(new Date('2024-06-20T08:30:00Z'), 'Asia/Kolkata')).toBe('2024-06-20T14:00');
    expect(isoFromWallClock('2024-06-20T00:10', 'Asia/Kathmandu')).toBe('2024-06-20T00:10:00+05:45');
    // Before midnight UTC the wall clock is already on the next day.
    expect(wallClockOf('2024-06-20T18:30:00Z', 'Asia/Kathmandu')).toBe('2024-06-21T00:15');
  });

  it('counts a time the clocks skipped in spring with the offset before the change', () => {
    // Berlin 2024-03-31: 02:00 CET became 03:00 CEST; 02:30 never showed.
    expect(isoFromWallClock('2024-03-31T02:30', 'Europe/Berlin')).toBe('2024-03-31T02:30:00+01:00');
    expect(wallClockOf(instantOfWallClock('2024-03-31T02:30', 'Europe/Berlin')!, 'Europe/Berlin')).toBe('2024-03-31T03:30');
    expect(isoFromWallClock('2024-03-31T01:59', 'Europe/Berlin')).toBe('2024-03-31T01:59:00+01:00');
    expect(isoFromWallClock('2024-03-31T03:00', 'Europe/Berlin')).toBe('2024-03-31T03:00:00+02:00');
    // New York 2024-03-10: 02:00 EST became 03:00 EDT.
    expect(isoFromWallClock('2024-03-10T02:30', 'America/New_York')).toBe('2024-03-10T02:30:00-05:00');
    expect(wallClockOf(instantOfWallClock('2024-03-10T02:30', 'America/New_York')!, 'America/New_York')).toBe('2024-03-10T03:30');
  });

  it('takes the first of the two instants a wall clock shows in the autumn overlap', () => {
    // Berlin 2024-10-27: 03:00 CEST became 02:00 CET; 02:30 showed at 00:30Z and at 01:30Z.
    expect(isoFromWallClock('2024-10-27T02:30', 'Europe/Berlin')).toBe('2024-10-27T02:30:00+02:00');
    expect(instantOfWallClock('2024-10-27T02:30', 'Europe/Berlin')).toBe(Date.parse('2024-10-27T00:30:00Z'));
    expect(isoFromWallClock('2024-10-27T03:00', 'Europe/Berlin')).toBe('2024-10-27T03:00:00+01:00');
    expect(wallClockOf('2024-10-27T00:30:00Z', 'Europe/Berlin')).toBe('2024-10-27T02:30');
    expect(wallClockOf('2024-10-27T01:30:00Z', 'Europe/Berlin')).toBe('2024-10-27T02:30');
    // New York 2024-11-03: 02:00 EDT became 01:00 EST; 01:30 showed at 05:30Z and at 06:30Z.
    expect(isoFromWallClock('2024-11-03T01:30', 'America/New_York')).toBe('2024-11-03T01:30:00-04:00');
    expect(instantOfWallClock('2024-11-03T01:30', 'America/New_York')).toBe(Date.parse('2024-11-03T05:30:00Z'));
  });

  it('refuses what is not a wall-clock time', () => {
    for (const text of ['', 'tomorrow', '2024-06-20', '2024-13-01T10:00', '2024-06-20T14:00+08:00', '2024-06-20T14']) {
      expect(isoFromWallClock(text, 'Asia/Shanghai'), text).toBeUndefined();
      expect(instantOfWallClock(text, 'Asia/Shanghai'), text).toBeUndefined();
    }
  });
});

describe('localDayRange', () => {
  it('spans June 20 in Tianjin from 16:00Z on the 19th to the last millisecond before 16:00Z on the 20th', () => {
    expect(localDayRange('2024-06-20', 'Asia/Shanghai')).toEqual({ from: '2024-06-19T16:00:00.000Z', to: '2024-06-20T15:59:59.999Z' });
  });

  it('is 23 hours on the spring change day and 25 on the autumn one', () => {
    expect(localDayRange('2024-03-31', 'Europe/Berlin')).toEqual({ from: '2024-03-30T23:00:00.000Z', to: '2024-03-31T21:59:59.999Z' });
    expect(localDayRange('2024-11-03', 'America/New_York')).toEqual({ from: '2024-11-03T04:00:00.000Z', to: '2024-11-04T04:59:59.999Z' });
  });

  it('follows a half-hour zone', () => {
    expect(localDayRange('2024-06-20', 'Asia/Kolkata')).toEqual({ from: '2024-06-19T18:30:00.000Z', to: '2024-06-20T18:29:59.999Z' });
  });

  it('agrees with localHourKey on which day each end belongs to', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 2), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (atMs, zone) => {
        const day = intlWallClock(atMs, zone).slice(0, 10);
        const { from, to } = localDayRange(day, zone);
        expect(Date.parse(from)).toBeLessThanOrEqual(atMs);
        expect(Date.parse(to)).toBeGreaterThanOrEqual(atMs);
        expect(localHourKey(Date.parse(from) - 1, zone).slice(0, 10)).not.toBe(day);
        expect(localHourKey(Date.parse(to) + 1, zone).slice(0, 10)).not.toBe(day);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('localHourKey', () => {
  it('agrees with Intl, also when asked again for a quarter hour it has seen', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (atMs, zone) => {
        const expected = intlWallClock(atMs, zone).slice(0, 13);
        expect(localHourKey(atMs, zone)).toBe(expected);
        expect(localHourKey(atMs, zone)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatEventTime', () => {
  it('shows the event clock, as the console did in a browser set to the event zone', () => {
    for (const at of ['2024-06-20T01:05:09Z', '2024-06-20T15:30:00Z', '2024-06-20T16:00:00Z']) {
      for (const zone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
        expect(formatEventTime(at, zone)).toBe(new Date(at).toLocaleString('zh-CN', { timeZone: zone }));
      }
    }
  });

  it('puts a signing at 23:30 in Tianjin on June 20, not on the UTC afternoon or on June 21', () => {
    expect(formatEventTime('2024-06-20T15:30:00Z', 'Asia/Shanghai')).toBe('2024/6/20 23:30:00');
    expect(formatEventTime(Date.parse('2024-06-20T15:30:00Z'), 'America/New_York')).toBe('2024/6/20 11:30:00');
    expect(formatEventTime(new Date('2024-06-20T23:00:00Z'), 'Asia/Shanghai', 'short')).toBe('06/21 07:00');
  });
});
