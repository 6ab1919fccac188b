import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, tableParams, viewFromSearch, viewToSearch } from '../../client/organizer/view-state.js';
import { attendanceFigures, cumulativeByHour, entriesByHour, topSeries } from '../../client/organizer/figures.js';
import { emptySummary } from '../../shared/summary.js';
import { hourlyAttendance } from '../support/attendance.js';

describe('organizer view in the URL', () => {
  it('keeps a plain URL for the default view', () => {
    expect(viewToSearch(DEFAULT_VIEW)).toBe('');
  });

  it('round-trips filters, moment and the table place', () => {
    const view = { filters: { venue: 'v1', day: '2024-06-21' }, at: '2024-06-21T03:00:00.000Z', q: 'robot', sort: 'amountCny' as const, dir: 'asc' as const, page: 3 };
    expect(viewFromSearch(viewToSearch(view))).toEqual(view);
    expect(tableParams(view, 20).get('pageSize')).toBe('20');
  });

  it('drops what a hand-edited URL gets wrong', () => {
    expect(viewFromSearch('?venue=v1&sort=drop&page=-2&at=soon&dir=up')).toEqual({ ...DEFAULT_VIEW, filters: { venue: 'v1' } });
  });
});

describe('organizer chart series', () => {
  it('puts the largest first and caps the bars', () => {
    const s = topSeries({ a: { count: 1, amountCny: 5 }, b: { count: 3, amountCny: 1 }, c: { count: 2, amountCny: 9 } }, (t) => t.count, 2);
    expect(s).toEqual({ keys: ['b', 'c'], values: [3, 2] });
  });

  it('accumulates investment hour by hour in 亿元', () => {
    const summary = { ...emptySummary(), byHour: { '2024-06-20T10': { count: 1, amountCny: 2e8 }, '2024-06-20T09': { count: 1, amountCny: 1e8 } } };
    expect(cumulativeByHour(summary)).toEqual({ keys: ['2024-06-20T08', '2024-06-20T09', '2024-06-20T10'], values: [0, 1, 3] });
  });

  it('reads entries per hour for the chosen day and venue', () => {
    const flow = (entries: number) => ({ entries, exits: 0 });
    const attendance = hourlyAttendance({ byHour: { '2024-06-20T09': flow(5), '2024-06-21T09': flow(7) }, byVenueHour: { v2: { '2024-06-20T09': flow(2) } } });
    expect(entriesByHour(attendance, {}).values).toEqual([7]);
    expect(entriesByHour(attendance, { venue: 'v2', day: '2024-06-20' }).values).toEqual([2]);
  });
});

describe('organizer attendance headline', () => {
  it('shows a past day by its hourly entries, today by the live figures', () => {
    const attendance = {
      day: '2024-06-21',
      total: { entriesToday: 40, exitsToday: 10, entriesTotal: 45, onSiteNow: 30, uniqueToday: 0, uniqueTotal: 0 },
      byVenue: {},
      byHour: { '2024-06-20T09': { entries: 5, exits: 0 }, '2024-06-21T09': { entries: 40, exits: 10 } },
      byVenueHour: {},
    };
    expect(attendanceFigures(attendance, {})).toMatchObject({ entriesToday: 40, onSiteNow: 30 });
    expect(attendanceFigures(attendance, { day: '2024-06-20' })).toEqual({ entriesToday: 5, onSiteNow: 0 });
    expect(attendanceFigures(null, {})).toBeNull();
  });
});
