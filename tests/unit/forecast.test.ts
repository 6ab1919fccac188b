import { describe, expect, it } from 'vitest';
import { forecastTotals, openingSlots } from '../../shared/forecast.js';
import type { Totals } from '../../shared/summary.js';

// Two days, 09:00-12:00 in Shanghai (UTC+8): three opening hours a day.
const event = {
  dates: { start: '2024-06-20', end: '2024-06-21' },
  openingHours: { open: '09:00', close: '12:00' },
  timeZone: 'Asia/Shanghai',
};
const local = (day: string, hh: string, mm = '00') => new Date(`${day}T${hh}:${mm}:00+08:00`);
const t = (count: number, amountCny = count * 100): Totals => ({ count, amountCny });

describe('openingSlots', () => {
  it('lists each opening hour of each day', () => {
    expect(openingSlots(event)).toEqual([
      '2024-06-20T09', '2024-06-20T10', '2024-06-20T11',
      '2024-06-21T09', '2024-06-21T10', '2024-06-21T11',
    ]);
  });
  it('counts a close at half past as an opening hour', () => {
    expect(openingSlots({ ...event, openingHours: { open: '09:00', close: '10:30' } })).toHaveLength(4);
  });
});

describe('forecastTotals', () => {
  it('has nothing to say before two opening hours are over', () => {
    expect(forecastTotals({}, t(0), event, local('2024-06-20', '10', '30'))).toBeNull();
  });

  it('projects the mean hourly pace on day one, with an interval from the spread', () => {
    const byHour = { '2024-06-20T09': t(2), '2024-06-20T10': t(4) };
    const fourHours = { ...event, dates: { start: '2024-06-20', end: '2024-06-20' }, openingHours: { open: '09:00', close: '13:00' } };
    const f = forecastTotals(byHour, t(6), fourHours, local('2024-06-20', '11'))!;
    expect(f.method).toBe('mean-rate');
    expect(f.observedHours).toBe(2);
    expect(f.remainingHours).toBe(2);
    expect(f.count.expected).toBe(6 + 2 * 3);
    // s² = 2, W = 2, n = 2: 1.645 · √(4 + 4)
    expect(f.count.high - f.count.expected).toBeCloseTo(1.645 * Math.sqrt(8), 6);
    expect(f.count.low).toBeCloseTo(12 - 1.645 * Math.sqrt(8), 6);
    expect(f.amountCny.expected).toBe(600 + 2 * 300);
  });

  it('uses the same hour of earlier days once there is one', () => {
    const byHour = { '2024-06-20T09': t(1), '2024-06-20T10': t(10), '2024-06-20T11': t(1), '2024-06-21T09': t(1) };
    const f = forecastTotals(byHour, t(13), event, local('2024-06-21', '10'))!;
    expect(f.method).toBe('comparable-hours');
    // 10:00 and 11:00 on day two are expected to go as they did on day one.
    expect(f.count.expected).toBe(13 + 10 + 1);
  });

  it('counts only the unexpired part of the current hour', () => {
    const byHour = { '2024-06-20T09': t(4), '2024-06-20T10': t(4) };
    const f = forecastTotals(byHour, t(8), event, local('2024-06-20', '11', '30'))!;
    expect(f.remainingHours).toBe(3.5);
    expect(f.count.expected).toBe(8 + 3.5 * 4);
    // A perfectly steady pace leaves no spread.
    expect(f.count.low).toBe(f.count.high);
  });

  it('is the actual total once the event is over', () => {
    const byHour = { '2024-06-20T09': t(1), '2024-06-20T10': t(3) };
    const f = forecastTotals(byHour, t(4), event, local('2024-06-22', '09'))!;
    expect(f.method).toBe('closed');
    expect(f.count).toEqual({ expected: 4, low: 4, high: 4 });
  });
});
