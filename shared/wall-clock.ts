/** Wall-clock times in the event's time zone, as typed into a form or a spreadsheet. */

function offsetMinutes(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const pad = (n: number) => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2024-06-20T10:30" as the event's clock shows it at `at`. */
export function wallClockOf(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 16);
}

/**
 * "2024-06-20T10:30" or "2024-06-20 10:30:15" on the event's clock as ISO 8601 with its
 * offset; undefined when it is not such a time.
 */
export function isoFromWallClock(value: string, timeZone: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  const local = `${m[1]}T${m[2]}${m[3] ?? ':00'}`;
  const guess = new Date(`${local}Z`);
  if (Number.isNaN(guess.getTime())) return undefined;
  const offset = offsetMinutes(new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60_000), timeZone);
  return `${local}${offsetText(offset)}`;
}
