/** Calendar helpers in the event's time zone; the server clock is UTC, the expo is not. */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** YYYY-MM-DD */
  day: string;
  /** 0-23 */
  hour: number;
  minute: number;
}

/**
 * Formatting a date in a time zone costs microseconds, and a start folds every signing into
 * hourly totals: it was a third of a start's time. Every offset in use is a whole number of
 * quarter hours, so all instants of one quarter hour share one; it is asked of Intl once per
 * quarter hour and zone, and the rest is arithmetic.
 */
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_QUARTERS = 10_000;
const offsetsByZone = new Map<string, Map<number, number>>();

function offsetMs(atMs: number, timeZone: string): number {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map()));
  const quarter = Math.floor(atMs / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED_QUARTERS) offsets.clear();
    const start = quarter * QUARTER_HOUR_MS;
    const parts = formatterFor(timeZone).formatToParts(new Date(start));
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - start;
    offsets.set(quarter, offset);
  }
  return offset;
}

export function localTime(at: Date | string | number, timeZone: string): LocalTime {
  const atMs = new Date(at).getTime();
  // An invalid date throws here, as Intl would.
  if (Number.isNaN(atMs)) throw new RangeError('Invalid time value');
  const local = new Date(atMs + offsetMs(atMs, timeZone));
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** Hour bucket key such as `2024-06-20T09` in the event's time zone. */
export function localHourKey(at: Date | string | number, timeZone: string): string {
  const t = localTime(at, timeZone);
  return `${t.day}T${String(t.hour).padStart(2, '0')}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
