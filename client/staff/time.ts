import { isoFromWallClock, wallClockOf } from '../../shared/wall-clock.js';

/** `<input type="datetime-local">` values on the event's clock, not the laptop's. */
export const localInputValue = wallClockOf;

export function isoFromLocalInput(value: string, timeZone: string): string | undefined {
  return isoFromWallClock(value, timeZone);
}
