/**
 * Past editions of an expo, kept read-only for comparison: "up X % on last year at the same
 * moment". An archive keeps the cumulative figures at the end of every event-local hour of the
 * event, indexed by event day (1 = the first day) and hour, so that two editions held in other
 * cities, months and time zones line up by their own clocks. Pure: no server, no store.
 */
import { z } from 'zod';
import { eventConfigSchema, type LocalizedName } from './event-config.js';
import type { Totals } from './summary.js';
import { eventDayOf, figuresAt, localDayOf, type EditionFigures, type EditionPoint } from './edition-points.js';

export { eventDayOf, figuresAt, localDayOf, type EditionFigures, type EditionPoint };

const figures = z.object({ contracts: z.number().int().nonnegative(), investmentCny: z.number().nonnegative(), visitors: z.number().int().nonnegative() });

/** The archive file (`pavilion event archive`), validated when imported. */
export const editionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    archivedAt: z.iso.datetime(),
    /** The event as it was when archived: names, city, dates, zone, targets. */
    event: eventConfigSchema,
    totals: figures.extend({ exhibitors: z.number().int().nonnegative(), countriesAndRegions: z.number().int().nonnegative() }),
    points: z.array(figures.extend({ day: z.number().int().min(1), hour: z.number().int().min(0).max(23) })).max(24 * 60),
  })
  .strict();

export type Edition = z.infer<typeof editionSchema>;
export type EditionListItem = Omit<Edition, 'points' | 'event'> & { name: LocalizedName; hostCity: LocalizedName; dates: { start: string; end: string } };

/**
 * Cumulative figures at the end of each hour of the event's days, from per-hour totals keyed by
 * local hour (`YYYY-MM-DDTHH`, as `Summary.byHour`) and per-hour gate entries. Signings before
 * the first day count from the first hour; those after the last day are left out.
 */
export function cumulativePoints(
  dates: { start: string; end: string },
  byHour: Readonly<Record<string, Totals>>,
  entriesByHour: Readonly<Record<string, number>>,
): EditionPoint[] {
  const days = eventDayOf(dates.start, dates.end);
  const first = `${dates.start}T00`;
  let running: EditionFigures = { contracts: 0, investmentCny: 0, visitors: 0 };
  for (const [key, t] of Object.entries(byHour)) {
    if (key < first) running = { ...running, contracts: running.contracts + t.count, investmentCny: running.investmentCny + t.amountCny };
  }
  for (const [key, n] of Object.entries(entriesByHour)) if (key < first) running = { ...running, visitors: running.visitors + n };
  const points: EditionPoint[] = [];
  for (let day = 1; day <= days; day++) {
    const date = localDayOf(dates.start, day);
    for (let hour = 0; hour < 24; hour++) {
      const key = `${date}T${String(hour).padStart(2, '0')}`;
      const t = byHour[key];
      running = {
        contracts: running.contracts + (t?.count ?? 0),
        investmentCny: running.investmentCny + (t?.amountCny ?? 0),
        visitors: running.visitors + (entriesByHour[key] ?? 0),
      };
      points.push({ day, hour, ...running });
    }
  }
  return points;
}

/** Change from `before` to `now` in percent, one decimal; null when there was nothing before. */
export function percentChange(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / before) * 1000) / 10;
}

export interface Comparison {
  day: number;
  hour: number;
  live: EditionFigures;
  archived: EditionFigures;
  /** Percent change per figure, null where the archive had none. */
  change: Record<keyof EditionFigures, number | null>;
}

export function compareAt(live: readonly EditionPoint[], archived: readonly EditionPoint[], day: number, hour: number): Comparison {
  const a = figuresAt(live, day, hour);
  const b = figuresAt(archived, day, hour);
  return {
    day,
    hour,
    live: a,
    archived: b,
    change: {
      contracts: percentChange(a.contracts, b.contracts),
      investmentCny: percentChange(a.investmentCny, b.investmentCny),
      visitors: percentChange(a.visitors, b.visitors),
    },
  };
}

/** An edition as listed: without its hourly points. */
export function listItem(e: Edition): EditionListItem {
  return { id: e.id, archivedAt: e.archivedAt, totals: e.totals, name: e.event.name, hostCity: e.event.hostCity, dates: e.event.dates };
}
