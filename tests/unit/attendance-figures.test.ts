import { describe, expect, it } from 'vitest';
import { applyAttendanceDelta, attendanceSummary, emptyAttendanceState, occupancyOf, onSite } from '../../server/attendance/ledger.js';
import { ALL, type AttendanceDelta } from '../../shared/attendance.js';
import { localHourKey } from '../../shared/time.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent(); // Asia/Shanghai, UTC+8; v1 holds 30,000
const flow = (venueId: string, hour: string, entries: number, exits = 0) => ({ venueId, gateId: `${venueId}-g1`, hour, entries, exits });

function stateOf(...deltas: AttendanceDelta[]) {
  const state = emptyAttendanceState();
  deltas.forEach((d) => applyAttendanceDelta(state, d));
  return state;
}

describe('occupancy arithmetic', () => {
  it('is entries minus exits, never negative', () => {
    expect(onSite(10, 3)).toBe(7);
    expect(onSite(3, 10)).toBe(0);
  });

  it('flags a venue at 90% of capacity', () => {
    expect(occupancyOf(26_999, 30_000).nearCapacity).toBe(false);
    expect(occupancyOf(27_000, 30_000)).toEqual({ occupancy: 0.9, nearCapacity: true });
  });

  it('sums on-site per venue so one venue with missed exits cannot cancel another', () => {
    const state = stateOf({ flows: [flow('v1', '2024-06-20T10', 100, 20), flow('v2', '2024-06-20T10', 5, 50)], uniques: [] });
    const figures = attendanceSummary(state, event, new Date('2024-06-20T04:00:00Z'))!;
    expect(figures.byVenue.v1!.onSiteNow).toBe(80);
    expect(figures.byVenue.v2!.onSiteNow).toBe(0);
    expect(figures.total.onSiteNow).toBe(80);
    expect(figures.total.entriesToday).toBe(105);
  });

  it('is null until any gate reported', () => {
    expect(attendanceSummary(emptyAttendanceState(), event, new Date())).toBeNull();
  });
});

describe('days in the event time zone', () => {
  const hourOf = (iso: string) => localHourKey(Date.parse(iso), event.timeZone);

  it('puts 23:59:59 and 00:00:01 local on two days', () => {
    expect(hourOf('2024-06-20T23:59:59+08:00')).toBe('2024-06-20T23');
    expect(hourOf('2024-06-21T00:00:01+08:00')).toBe('2024-06-21T00');
    // The same instants in UTC are mid-afternoon of one day.
    expect(hourOf('2024-06-20T15:59:59Z')).toBe('2024-06-20T23');
  });

  it('resets on-site and today at local midnight but keeps the event totals', () => {
    const state = stateOf(
      { flows: [flow('v1', '2024-06-20T23', 40, 10)], uniques: [{ venueId: 'v1', day: '2024-06-20', added: 40 }, { venueId: 'v1', day: ALL, added: 40 }] },
      { flows: [flow('v1', '2024-06-21T00', 3)], uniques: [{ venueId: 'v1', day: '2024-06-21', added: 3 }, { venueId: 'v1', day: ALL, added: 1 }] },
    );
    const before = attendanceSummary(state, event, new Date('2024-06-20T23:59:59+08:00'))!;
    expect(before.day).toBe('2024-06-20');
    expect(before.byVenue.v1).toMatchObject({ entriesToday: 40, onSiteNow: 30, uniqueToday: 40, uniqueTotal: 41, entriesTotal: 43 });

    const after = attendanceSummary(state, event, new Date('2024-06-21T00:00:01+08:00'))!;
    expect(after.day).toBe('2024-06-21');
    expect(after.byVenue.v1).toMatchObject({ entriesToday: 3, exitsToday: 0, onSiteNow: 3, uniqueToday: 3, uniqueTotal: 41, entriesTotal: 43 });
    expect(after.byHour['2024-06-20T23']).toEqual({ entries: 40, exits: 10 });
  });

  it('follows the configured zone, not the server clock', () => {
    const state = stateOf({ flows: [flow('v1', '2024-06-20T01', 1)], uniques: [] });
    const london = { ...event, timeZone: 'Europe/London' };
    expect(attendanceSummary(state, london, new Date('2024-06-20T00:30:00Z'))!.day).toBe('2024-06-20');
    expect(attendanceSummary(state, event, new Date('2024-06-19T16:30:00Z'))!.day).toBe('2024-06-20');
  });
});
