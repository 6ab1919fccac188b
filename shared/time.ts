/**
 * The event's clock. The server clock is UTC, the expo is not: every offset, local day or
 * hour, and wall-clock ↔ instant conversion in Pavilion goes through this module.
 */
import { cached } from './cached.js';

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return cached(partsFormatters, timeZone, () =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }),
  );
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
 * quarter hours, so all instants of one quarter hour share one offset and one local hour;
 * both are asked of Intl once per quarter hour and zone, and the rest is arithmetic.
 */
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_QUARTERS = 10_000;
const DAY_MS = 86_400_000;

interface Quarter {
  offset: number;
  /** Filled on first use: most callers want only the offset. */
  hourKey?: string;
}

const quartersByZone = new Map<string, Map<number, Quarter>>();

function quarterOf(atMs: number, timeZone: string): Quarter {
  const quarters = cached(quartersByZone, timeZone, () => new Map<number, Quarter>());
  const index = Math.floor(atMs / QUARTER_HOUR_MS);
  let quarter = quarters.get(index);
  if (quarter === undefined) {
    if (quarters.size >= MAX_CACHED_QUARTERS) quarters.clear();
    const start = index * QUARTER_HOUR_MS;
    const parts = formatterFor(timeZone).formatToParts(new Date(start));
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    quarter = { offset: Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - start };
    quarters.set(index, quarter);
  }
  return quarter;
}

function checkedMs(at: Date | string | number): number {
  // Numbers skip the Date: attendance asks for an hour key per scan.
  const atMs = typeof at === 'number' ? at : new Date(at).getTime();
  // An invalid date throws here, as Intl would.
  if (Number.isNaN(atMs)) throw new RangeError('Invalid time value');
  return atMs;
}

/** How far the zone's clock is ahead of UTC at `atMs`, in milliseconds (Tianjin: 8 h). */
export function offsetMs(atMs: number, timeZone: string): number {
  return quarterOf(atMs, timeZone).offset;
}

export function localTime(at: Date | string | number, timeZone: string): LocalTime {
  const atMs = checkedMs(at);
  const local = new Date(atMs + offsetMs(atMs, timeZone));
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

/** Hour bucket key such as `2024-06-20T09` in the event's time zone. */
export function localHourKey(at: Date | string | number, timeZone: string): string {
  const atMs = checkedMs(at);
  const quarter = quarterOf(atMs, timeZone);
  // Local hours start on UTC quarter hours, so the quarter's start has the same key.
  quarter.hourKey ??= new Date(Math.floor(atMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + quarter.offset).toISOString().slice(0, 13);
  return quarter.hourKey;
}

/** "2024-06-20T10:30" as the event's clock shows it at `at`. */
export function wallClockOf(at: Date | string | number, timeZone: string): string {
  const atMs = checkedMs(at);
  return new Date(atMs + offsetMs(atMs, timeZone)).toISOString().slice(0, 16);
}

/**
 * The offset that turns a wall-clock time (as milliseconds read as if it were UTC) into an
 * instant. Around a daylight saving change the answer is the one most calendars give: a
 * time the clocks skipped counts with the offset before the change (02:30 in a spring gap
 * is the instant the clocks showed 03:30), and a time shown twice is its first occurrence.
 */
function offsetForWallClock(wallMs: number, timeZone: string): number {
  // No zone changes its offset twice within two days.
  const before = offsetMs(wallMs - DAY_MS, timeZone);
  const after = offsetMs(wallMs + DAY_MS, timeZone);
  if (before === after) return before;
  if (offsetMs(wallMs - before, timeZone) === before) return before;
  if (offsetMs(wallMs - after, timeZone) === after) return after;
  return before;
}

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/;

/** The instant (ms since the epoch) a wall-clock time on the event's clock names; undefined when it is not such a time. */
export function instantOfWallClock(value: string, timeZone: string): number | undefined {
  const m = WALL_CLOCK.exec(value.trim());
  if (!m) return undefined;
  const wallMs = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ':00'}Z`);
  if (Number.isNaN(wallMs)) return undefined;
  return wallMs - offsetForWallClock(wallMs, timeZone);
}

const pad = (n: number) => String(n).padStart(2, '0');

function offsetText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * "2024-06-20T10:30" or "2024-06-20 10:30:15" on the event's clock as ISO 8601 with the
 * offset that applies (`2024-06-20T10:30:00+08:00`); undefined when it is not such a time.
 * The text keeps the digits typed, so a date that does not exist stays visibly wrong.
 */
export function isoFromWallClock(value: string, timeZone: string): string | undefined {
  const m = WALL_CLOCK.exec(value.trim());
  if (!m) return undefined;
  const local = `${m[1]}T${m[2]}${m[3] ?? ':00'}`;
  const wallMs = Date.parse(`${local}Z`);
  if (Number.isNaN(wallMs)) return undefined;
  return `${local}${offsetText(offsetForWallClock(wallMs, timeZone))}`;
}

/**
 * The instants a local day (YYYY-MM-DD) spans on the event's clock, from its first
 * millisecond to its last, as UTC ISO strings (the form the change log stores).
 */
export function localDayRange(day: string, timeZone: string): { from: string; to: string } {
  const start = instantOfWallClock(`${day}T00:00`, timeZone);
  const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const next = instantOfWallClock(`${nextDay}T00:00`, timeZone);
  if (start === undefined || next === undefined) throw new RangeError(`not a day: ${day}`);
  return { from: new Date(start).toISOString(), to: new Date(next - 1).toISOString() };
}

export type EventTimeStyle = 'full' | 'short';

const displayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as the event's clock shows it, whatever zone the browser is in:
 * `2024/6/20 14:05:09` (full, as the console's tables show times) or `06/20 14:05` (short).
 */
export function formatEventTime(at: Date | string | number, timeZone: string, style: EventTimeStyle = 'full'): string {
  const f = cached(displayFormats, `${style} ${timeZone}`, () => {
    const date = style === 'full' ? ({ year: 'numeric', month: 'numeric', day: 'numeric' } as const) : ({ month: '2-digit', day: '2-digit' } as const);
    const seconds = style === 'full' ? ({ second: '2-digit' } as const) : {};
    return new Intl.DateTimeFormat('zh-CN', { timeZone, ...date, hour: '2-digit', minute: '2-digit', ...seconds, hourCycle: 'h23' });
  });
  return f.format(new Date(at));
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
