import { describe, expect, it } from 'vitest';
import { comparisonByHour, cumulativeWithComparison } from '../../client/display/chart-data.js';
import { headlineTargets } from '../../client/display/figures.js';
import { parseOptions } from '../../client/display/options.js';
import type { EditionPoint } from '../../shared/edition-points.js';
import { displaySearchFor } from '../../shared/fleet.js';
import { emptySummary, type Summary } from '../../shared/summary.js';
import { defaultEvent } from '../support/server.js';

/** An archive that had 1亿 by the end of day 1 at 10:00 and 3亿 by day 2 at 14:00. */
function archive(): EditionPoint[] {
  const points: EditionPoint[] = [];
  for (let day = 1; day <= 3; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const investmentCny = day > 2 || (day === 2 && hour >= 14) ? 3e8 : day === 2 || hour >= 10 ? 1e8 : 0;
      points.push({ day, hour, contracts: investmentCny / 1e8, investmentCny, visitors: 0 });
    }
  }
  return points;
}

describe('the comparison line', () => {
  it('reads the archive at the same event day and hour as each live hour', () => {
    // The live edition starts on 20 June; its hours line up with the archive's by event day.
    expect(comparisonByHour(['2024-06-20T09', '2024-06-20T10', '2024-06-21T13', '2024-06-21T14', '2024-06-25T08'], '2024-06-20', archive())).toEqual([0, 1, 1, 3, 3]);
    // Before the first day: nothing yet.
    expect(comparisonByHour(['2024-06-19T23'], '2024-06-20', archive())).toEqual([0]);
  });

  it('follows the live chart hour by hour, and is absent without an archive', () => {
    const byHour = { '2024-06-20T10': { count: 1, amountCny: 2e8 }, '2024-06-21T14': { count: 1, amountCny: 5e8 } };
    expect(cumulativeWithComparison(byHour, '2024-06-20', archive())).toEqual({
      labels: ['06-20 09:00', '06-20 10:00', '06-21 14:00'],
      values: [0, 2, 7],
      compare: [0, 1, 3],
    });
    expect(cumulativeWithComparison(byHour, '2024-06-20', null).compare).toBeNull();
  });

  it('is chosen with ?compare= or a fleet profile', () => {
    expect(parseOptions('?compare=wie-2023-tianjin').compare).toBe('wie-2023-tianjin');
    expect(parseOptions('?compare=../admin').compare).toBeNull();
    expect(parseOptions('').compare).toBeNull();
    const profile = { venue: null, lang: 'zh' as const, scenes: [{ name: 'charts' as const, seconds: 20 }], theme: 'dark' as const, compare: 'wie-2023-tianjin' };
    expect(displaySearchFor('?compare=other', profile, false)).toBe('?lang=zh&scenes=charts%3A20&theme=dark&compare=wie-2023-tianjin');
    expect(displaySearchFor('?compare=other', { ...profile, compare: null }, false)).toBe('?lang=zh&scenes=charts%3A20&theme=dark');
  });
});

describe("the headline's targets", () => {
  const summary = (): Summary => {
    const s = emptySummary();
    s.signings = { count: 5, amountCny: 9e9 };
    // Two signings on 22 June, the rest before.
    s.byHour = { '2024-06-21T10': { count: 3, amountCny: 6e9 }, '2024-06-22T09': { count: 1, amountCny: 1e9 }, '2024-06-22T15': { count: 1, amountCny: 2e9 } };
    const figures = { entriesToday: 12_000, exitsToday: 0, entriesTotal: 50_000, onSiteNow: 0, uniqueToday: 0, uniqueTotal: 0 };
    s.attendance = { day: '2024-06-22', total: figures, byVenue: {}, byHour: {}, byVenueHour: {} };
    return s;
  };

  it("measure today's figures against today's targets", () => {
    // 22 June: 20 contracts, 150亿, 50,000 visitors (config/events/wie-2024-tianjin.json).
    expect(headlineTargets(summary(), defaultEvent(), '2024-06-22')).toEqual({
      contracts: { scope: 'day', value: 2, target: 20 },
      investment: { scope: 'day', value: 3e9, target: 15e9 },
      visitors: { scope: 'day', value: 12_000, target: 50_000 },
    });
  });

  it("fall back to the whole event's targets and totals where the day sets none", () => {
    const event = defaultEvent();
    event.days = event.days!.map((d) => (d.date === '2024-06-22' ? { date: d.date, targets: { contracts: 20 } } : d));
    expect(headlineTargets(summary(), event, '2024-06-22')).toEqual({
      contracts: { scope: 'day', value: 2, target: 20 },
      investment: { scope: 'event', value: 9e9, target: 100e9 },
      visitors: { scope: 'event', value: 50_000, target: 160_000 },
    });
    const { visitors: _none, ...targets } = event.targets;
    expect(headlineTargets(summary(), { ...event, targets }, '2024-06-23').visitors).toEqual({ scope: 'day', value: 0, target: 40_000 });
    expect(headlineTargets(summary(), { ...event, days: [], targets }, '2024-06-23').visitors).toBeNull();
  });
});
