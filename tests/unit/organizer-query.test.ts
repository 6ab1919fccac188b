import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams } from '../../shared/organizer.js';
import type { Signing } from '../../shared/signing.js';
import { summarize } from '../../shared/summary.js';
import { filteredSummary, filterSignings, pageOf } from '../../server/organizer/query.js';
import { attendanceRows } from '../../server/organizer/reports.js';
import { emptyHistory, foldChanges } from '../../server/organizer/time-travel.js';
import type { Change } from '../../server/store/operations.js';
import { signing } from '../contract/store-contract.js';
import { hourlyAttendance } from '../support/attendance.js';

const TZ = 'Asia/Shanghai';

const rows: Signing[] = [
  signing({ id: 'a', title: 'Robot arm plant', amountCny: 300, venueId: 'v1', sector: 'robotics', investorCountry: 'DE', signedAt: '2024-06-20T02:00:00.000Z' }),
  signing({ id: 'b', title: 'Battery lab', amountCny: 100, venueId: 'v2', sector: 'icv', investorCountry: 'JP', signedAt: '2024-06-20T17:00:00.000Z' }),
  signing({ id: 'c', title: 'Chip fab', investor: 'ROBO Holdings', amountCny: 200, venueId: 'v1', sector: 'icv', investorCountry: 'DE', signedAt: '2024-06-21T03:00:00.000Z' }),
];

describe('organizer filters and table', () => {
  it('filters by venue, sector, country and event-local day', () => {
    expect(filterSignings(rows, { venue: 'v1' }, undefined, TZ).map((s) => s.id)).toEqual(['a', 'c']);
    expect(filterSignings(rows, { sector: 'icv', country: 'DE' }, undefined, TZ).map((s) => s.id)).toEqual(['c']);
    // 17:00Z on the 20th is 01:00 on the 21st in Shanghai.
    expect(filterSignings(rows, { day: '2024-06-21' }, undefined, TZ).map((s) => s.id)).toEqual(['b', 'c']);
  });

  it('searches title, investor and partner without regard to case', () => {
    expect(filterSignings(rows, {}, 'robo', TZ).map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('sorts, breaks ties by id and pages', () => {
    expect(pageOf(rows, { sort: 'amountCny', dir: 'desc', page: 1, pageSize: 2 })).toEqual({ items: [rows[0], rows[2]], total: 3 });
    expect(pageOf(rows, { sort: 'amountCny', dir: 'desc', page: 2, pageSize: 2 }).items).toEqual([rows[1]]);
    const tied = rows.map((s) => ({ ...s, amountCny: 1 }));
    expect(pageOf(tied, { sort: 'amountCny', dir: 'asc', page: 1, pageSize: 3 }).items.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('sums only what passes the filters', () => {
    const s = filteredSummary(rows, { venue: 'v1' }, TZ);
    expect(s.signings).toEqual({ count: 2, amountCny: 500 });
    expect(Object.keys(s.bySector).sort()).toEqual(['icv', 'robotics']);
  });

  it('round-trips filters through the URL and drops bad values', () => {
    const params = filtersToParams({ venue: 'v1', day: '2024-06-20' });
    expect(params.toString()).toBe('venue=v1&day=2024-06-20');
    expect(filtersFromParams(new URLSearchParams('venue=v1&country=germany&day=2024-06-20'))).toEqual({ venue: 'v1', day: '2024-06-20' });
  });
});

describe('time travel fold', () => {
  it('equals the totals recomputed from the versions it ends with', () => {
    const a2 = { ...rows[0]!, amountCny: 999, version: 2 };
    const bVoid = { ...rows[1]!, status: 'voided' as const, version: 2 };
    const changes: Change[] = [
      { seq: 1, type: 'signing.created', at: 't1', actor: 'x', signing: rows[0]!, previous: null },
      { seq: 2, type: 'signing.created', at: 't2', actor: 'x', signing: rows[1]!, previous: null },
      { seq: 3, type: 'attendance', at: 't3', actor: 'gate', delta: { flows: [{ venueId: 'v1', gateId: 'g', hour: '2024-06-20T10', entries: 5, exits: 1 }], uniques: [] } },
      { seq: 4, type: 'signing.updated', at: 't4', actor: 'x', signing: a2, previous: rows[0]! },
      { seq: 5, type: 'signing.voided', at: 't5', actor: 'x', signing: bVoid, previous: rows[1]! },
    ];
    const state = emptyHistory();
    foldChanges(state, changes, TZ);
    expect(state.summary).toEqual({ ...summarize([a2], TZ), seq: 5 });
    expect(state.attendance.flows['v1']?.['2024-06-20T10']).toEqual({ entries: 5, exits: 1 });
  });
});

describe('report rows', () => {
  it('lists hourly attendance per venue, narrowed by venue and day', () => {
    const flow = (entries: number) => ({ entries, exits: 1 });
    const attendance = hourlyAttendance({ byVenueHour: { v1: { '2024-06-21T10': flow(3), '2024-06-20T09': flow(2) }, v2: { '2024-06-21T10': flow(7) } } });
    expect(attendanceRows(attendance, {})).toEqual([
      ['v1', '2024-06-20T09', 2, 1],
      ['v1', '2024-06-21T10', 3, 1],
      ['v2', '2024-06-21T10', 7, 1],
    ]);
    expect(attendanceRows(attendance, { venue: 'v1', day: '2024-06-21', sector: 'ai' })).toEqual([['v1', '2024-06-21T10', 3, 1]]);
    expect(attendanceRows(null, {})).toEqual([]);
  });
});
