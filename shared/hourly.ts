import type { Summary } from './summary.js';

export interface HourSeries {
  /** Event-local hour keys, `YYYY-MM-DDTHH`, oldest first. */
  hours: string[];
  values: number[];
}

/** The hour bucket before `key` (`2024-06-20T00` → `2024-06-19T23`); keys are naive local times. */
function previousHour(key: string): string {
  return new Date(Date.parse(`${key}:00:00Z`) - 3600_000).toISOString().slice(0, 13);
}

/**
 * Investment so far, hour by hour, in 亿元. It starts from zero in the hour before the first
 * signing, so that even one hour of signings draws a line (and a target line beside it).
 */
export function cumulativeYiByHour(byHour: Summary['byHour']): HourSeries {
  const keys = Object.keys(byHour).sort();
  if (keys.length === 0) return { hours: [], values: [] };
  let sum = 0;
  return {
    hours: [previousHour(keys[0]!), ...keys],
    values: [0, ...keys.map((k) => (sum += byHour[k]!.amountCny) / 1e8)],
  };
}
