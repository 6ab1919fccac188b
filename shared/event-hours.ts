// Types only: the display imports these rules, and must not load zod.
import type { DayTargets, EventConfig } from './event-config.js';

/** The hours on `date` (YYYY-MM-DD, event-local), of one venue when given: venue override, then the day's, then the default. */
export function hoursOn(event: Pick<EventConfig, 'openingHours' | 'days'>, date: string, venueId?: string): { open: string; close: string } {
  const d = event.days?.find((x) => x.date === date);
  return (venueId !== undefined ? d?.venueHours?.[venueId] : undefined) ?? d?.hours ?? event.openingHours;
}

/** The targets set for `date`, or an empty object when that day has none. */
export function targetsOn(event: Pick<EventConfig, 'days'>, date: string): DayTargets {
  return event.days?.find((x) => x.date === date)?.targets ?? {};
}
