/**
 * The hourly figures of an edition and how to read them at an event day and hour. Apart from
 * shared/editions.ts, which holds the archive's schema, so that the display's comparison line
 * reads them without loading zod.
 */

export interface EditionFigures {
  contracts: number;
  /** Whole yuan. */
  investmentCny: number;
  /** Gate entries. */
  visitors: number;
}

/** The cumulative figures at the end of hour `hour` (0-23, event-local) of event day `day` (1-based). */
export interface EditionPoint extends EditionFigures {
  day: number;
  hour: number;
}

const DAY_MS = 86_400_000;

/** Event day of a local day (`YYYY-MM-DD`): 1 on the first day, 0 or less before it. */
export function eventDayOf(start: string, localDay: string): number {
  return Math.round((Date.parse(`${localDay}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The local day of event day `day`. */
export function localDayOf(start: string, day: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + (day - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** The figures at the end of `hour` on `day`; past the last day, the final figures; before the first, zeros. */
export function figuresAt(points: readonly EditionPoint[], day: number, hour: number): EditionFigures {
  let found: EditionFigures = { contracts: 0, investmentCny: 0, visitors: 0 };
  for (const p of points) {
    if (p.day > day || (p.day === day && p.hour > hour)) break;
    found = { contracts: p.contracts, investmentCny: p.investmentCny, visitors: p.visitors };
  }
  return found;
}

/** `GET /api/v1/editions/:id/points` (public): what the display's comparison line needs of an archive. */
export interface EditionLine {
  id: string;
  name: { zh: string; en: string };
  hostCity: { zh: string; en: string };
  dates: { start: string; end: string };
  points: EditionPoint[];
}
