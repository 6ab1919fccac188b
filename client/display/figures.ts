/** What a scene shows, for the whole expo or one venue. */
import type { AttendanceFigures } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import { targetsOn } from '../../shared/event-hours.js';
import type { Summary, Totals } from '../../shared/summary.js';

const NONE: Totals = { count: 0, amountCny: 0 };

export function totalsFor(summary: Summary | null, venue: string | null): Totals | null {
  if (!summary) return null;
  return venue ? (summary.byVenue[venue] ?? NONE) : summary.signings;
}

/** Null while no gate has reported: the screen shows a dash, not a zero. */
export function attendanceFor(summary: Summary | null, venue: string | null): AttendanceFigures | null {
  const attendance = summary?.attendance;
  if (!attendance) return null;
  return venue ? (attendance.byVenue[venue] ?? null) : attendance.total;
}

/** One progress bar: toward today's target when the event sets one for today, else toward the whole event's. */
export interface TargetProgress {
  scope: 'day' | 'event';
  value: number;
  target: number;
}

export interface HeadlineTargets {
  contracts: TargetProgress | null;
  investment: TargetProgress | null;
  visitors: TargetProgress | null;
}

/**
 * What the headline's bars measure on `day` (event-local YYYY-MM-DD): each figure against
 * that day's target (`days[].targets`) with that day's figures, or against the whole event's
 * target with the running totals. Null where neither target is set.
 */
export function headlineTargets(summary: Summary | null, event: Pick<EventConfig, 'days' | 'targets'>, day: string): HeadlineTargets {
  const daily = targetsOn(event, day);
  const today: Totals = { count: 0, amountCny: 0 };
  for (const [hour, t] of Object.entries(summary?.byHour ?? {})) {
    if (!hour.startsWith(`${day}T`)) continue;
    today.count += t.count;
    today.amountCny += t.amountCny;
  }
  const people = summary?.attendance ?? null;
  const entriesToday = people && people.day === day ? people.total.entriesToday : 0;
  const pick = (dayTarget: number | undefined, dayValue: number, eventTarget: number | undefined, eventValue: number): TargetProgress | null => {
    if (dayTarget !== undefined && dayTarget > 0) return { scope: 'day', value: dayValue, target: dayTarget };
    if (eventTarget !== undefined && eventTarget > 0) return { scope: 'event', value: eventValue, target: eventTarget };
    return null;
  };
  const totals = summary?.signings ?? NONE;
  return {
    contracts: pick(daily.contracts, today.count, event.targets.contracts, totals.count),
    investment: pick(daily.investmentCny, today.amountCny, event.targets.investmentCny, totals.amountCny),
    visitors: pick(daily.visitors, entriesToday, event.targets.visitors, people?.total.entriesTotal ?? 0),
  };
}
