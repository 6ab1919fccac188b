import { describe, expect, it } from 'vitest';
import { compareAt, cumulativePoints, eventDayOf, figuresAt } from '../../shared/editions.js';
import { changedPaths, removedIds } from '../../shared/event-edit.js';
import { hoursOn, targetsOn } from '../../shared/event-hours.js';
import { checkExhibitorImport, exhibitorCounts } from '../../shared/exhibitors.js';
import { defaultEvent } from '../support/server.js';

describe('per-day hours and targets', () => {
  const event = defaultEvent();
  it('takes a venue override, then the day, then the default', () => {
    expect(hoursOn(event, '2024-06-20', 'v3')).toEqual({ open: '08:30', close: '12:00' });
    expect(hoursOn(event, '2024-06-20', 'v1')).toEqual({ open: '09:00', close: '17:00' });
    expect(hoursOn(event, '2024-06-23')).toEqual({ open: '09:00', close: '16:00' });
    expect(hoursOn(event, '2024-06-21', 'v3')).toEqual(event.openingHours);
    expect(targetsOn(event, '2024-06-22')).toEqual({ contracts: 20, investmentCny: 15_000_000_000, visitors: 50_000 });
    expect(targetsOn(event, '2024-07-01')).toEqual({});
  });
});

describe('what an edit removes and changes', () => {
  const event = defaultEvent();
  it('a rename removes nothing; a dropped venue removes it and its gates', () => {
    const renamed = structuredClone(event);
    renamed.venues[1]!.name.en = 'Hall 2';
    expect(Object.values(removedIds(event, renamed)).flat()).toEqual([]);
    const dropped = { ...structuredClone(event), venues: event.venues.filter((v) => v.id !== 'v8'), exchangeRates: { USD: 7.1 } };
    const removed = removedIds(event, dropped);
    expect(removed.venue).toEqual(['v8']);
    expect(removed.gate).toEqual(['v8-g1', 'v8-g2']);
    expect(removed.currency).toEqual(['EUR', 'GBP', 'HKD', 'JPY', 'KRW', 'SGD', 'AUD']);
  });
  it('names each changed path', () => {
    const edited = structuredClone(event);
    edited.venues[2]!.capacity = 12;
    edited.exchangeRates.USD = 7.3;
    expect(changedPaths(event, edited)).toEqual([
      { field: 'venues.2.capacity', before: 3000, after: 12 },
      { field: 'exchangeRates.USD', before: 7.12, after: 7.3 },
    ]);
  });
});

describe('editions', () => {
  const tianjin = { start: '2024-06-20', end: '2024-06-23' };
  const chongqing = { start: '2025-09-05', end: '2025-09-08' };
  // Known figures of the archived edition: 2 signings (3亿) on day 1 at 10:00, 1 (1亿) on day 2 at 14:00, one before the start.
  const archived = cumulativePoints(
    tianjin,
    { '2024-06-19T16': { count: 1, amountCny: 50_000_000 }, '2024-06-20T10': { count: 2, amountCny: 300_000_000 }, '2024-06-21T14': { count: 1, amountCny: 100_000_000 }, '2024-06-24T09': { count: 9, amountCny: 9 } },
    { '2024-06-20T09': 1000, '2024-06-21T13': 500 },
  );
  const live = cumulativePoints(chongqing, { '2025-09-05T11': { count: 4, amountCny: 600_000_000 }, '2025-09-06T15': { count: 1, amountCny: 1 } }, { '2025-09-06T10': 2000 });

  it('numbers event days from the first day', () => {
    expect(eventDayOf('2024-06-20', '2024-06-21')).toBe(2);
    expect(eventDayOf('2024-06-20', '2024-06-19')).toBe(0);
    expect(archived).toHaveLength(4 * 24);
  });

  it('keeps cumulative figures at the end of each hour, counting early signings from the first hour', () => {
    expect(figuresAt(archived, 1, 9)).toEqual({ contracts: 1, investmentCny: 50_000_000, visitors: 1000 });
    expect(figuresAt(archived, 2, 14)).toEqual({ contracts: 4, investmentCny: 450_000_000, visitors: 1500 });
    expect(figuresAt(archived, 9, 0)).toEqual({ contracts: 4, investmentCny: 450_000_000, visitors: 1500 });
  });

  it('compares two editions at the same event day and hour', () => {
    expect(compareAt(live, archived, 2, 14)).toEqual({
      day: 2,
      hour: 14,
      live: { contracts: 4, investmentCny: 600_000_000, visitors: 2000 },
      archived: { contracts: 4, investmentCny: 450_000_000, visitors: 1500 },
      change: { contracts: 0, investmentCny: 33.3, visitors: 33.3 },
    });
    // Before the archive had visitors there is no percentage; its early signing makes the live edition 100 % behind.
    expect(compareAt(live, archived, 1, 8).change).toEqual({ contracts: -100, investmentCny: -100, visitors: null });
  });
});

describe('exhibitor list', () => {
  const areas = defaultEvent().areas;
  it('reads names, countries, areas by id or name, and booths; counts distinct countries', () => {
    const check = checkExhibitorImport(
      [
        ['展商名称', '国家/地区', '展区', '展位号'],
        ['华为技术有限公司', 'CN', '人工智能', 'A1-01'],
        ['Siemens AG', 'DE', 'smart-manufacturing', ''],
        ['Toyota', 'jp', 'Intelligent connected vehicles', 'B2'],
        ['', 'CN', '', ''],
        ['Nowhere Ltd', 'GB', 'Moon base', ''],
      ],
      areas,
    );
    expect(check.rows.map((r) => r.exhibitor)).toEqual([
      { name: '华为技术有限公司', country: 'CN', areaId: 'ai', booth: 'A1-01' },
      { name: 'Siemens AG', country: 'DE', areaId: 'smart-manufacturing' },
      { name: 'Toyota', country: 'jp', areaId: 'icv', booth: 'B2' },
    ]);
    expect(check.errors.map((e) => [e.line, e.field])).toEqual([
      [5, 'name'],
      [6, 'area'],
    ]);
    expect(exhibitorCounts([...check.rows.map((r) => r.exhibitor), { name: 'Sony', country: 'JP' }])).toEqual({ exhibitors: 4, countriesAndRegions: 3 });
  });
  it('names a missing column', () => {
    expect(checkExhibitorImport([['name', 'booth']], areas).errors[0]).toMatchObject({ line: 1, field: 'country' });
  });
});
