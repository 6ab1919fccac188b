/**
 * Dayparting: which range of a screen's schedule covers a moment, on the event's clock.
 * Pure, for the server (what a screen shows) and the fleet page (the day timeline).
 */
import type { Schedule, ScheduleRange } from './fleet-schemas.js';
import { localTime } from './time.js';

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The day before `day` (YYYY-MM-DD), by the calendar, whatever the zone. */
export function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Whether `range` covers local `day` at `minute` past midnight (a range past midnight covers the next morning too). */
export function rangeCovers(range: Pick<ScheduleRange, 'day' | 'from' | 'to'>, day: string, minute: number): boolean {
  const from = minutes(range.from);
  const to = minutes(range.to);
  const on = (d: string) => range.day === null || range.day === d;
  if (from < to) return on(day) && minute >= from && minute < to;
  return (on(day) && minute >= from) || (on(previousDay(day)) && minute < to);
}

/** The first range of `schedule` that covers `now` in `timeZone`, or null. */
export function activeRange(schedule: Pick<Schedule, 'ranges'>, now: number, timeZone: string): ScheduleRange | null {
  const t = localTime(now, timeZone);
  const minute = t.hour * 60 + t.minute;
  return schedule.ranges.find((r) => rangeCovers(r, t.day, minute)) ?? null;
}
