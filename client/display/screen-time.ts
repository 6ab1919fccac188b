/** Pure time rules of a kiosk screen: staleness, burn-in shift, opening hours. */
import type { EventConfig } from '../../shared/event-config.js';
import { hoursOn } from '../../shared/event-hours.js';
import { localTime } from '../../shared/time.js';

export type Staleness = 'fresh' | 'stale' | 'grey';

/**
 * How much to trust the figures on screen. Before the first message the clock runs from
 * page load, so a screen that never connects also says so.
 */
export function staleness(now: number, lastHeardAt: number, startedAt: number, staleAfterS: number, greyAfterS: number): Staleness {
  const silentMs = now - (lastHeardAt || startedAt);
  if (silentMs >= greyAfterS * 1000) return 'grey';
  if (silentMs >= staleAfterS * 1000) return 'stale';
  return 'fresh';
}

/** A small loop around the origin, so that no static edge stays on the same pixels. */
const SHIFTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1],
];

/** The burn-in offset in steps of -1..1 for each axis; it changes every `periodMs`. */
export function burnInOffset(now: number, periodMs: number): { x: number; y: number } {
  const [x, y] = SHIFTS[Math.floor(now / periodMs) % SHIFTS.length] ?? [0, 0];
  return { x, y };
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Inside the event's daily opening hours, in its time zone (hours past midnight wrap). */
export function isOpen(now: number, event: Pick<EventConfig, 'openingHours' | 'timeZone' | 'days'>, venueId?: string): boolean {
  const t = localTime(now, event.timeZone);
  const at = t.hour * 60 + t.minute;
  // The day's own hours, or the venue's on that day, where the event sets them.
  const hours = hoursOn(event, t.day, venueId);
  const open = minutes(hours.open);
  const close = minutes(hours.close);
  return open <= close ? at >= open && at < close : at >= open || at < close;
}
