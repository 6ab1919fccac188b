/** Chart series built from the summary: plain functions, no Chart.js. */
import type { AttendanceSummary } from '../../shared/attendance.js';
import { eventDayOf, figuresAt, type EditionPoint } from '../../shared/edition-points.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Lang } from '../../shared/format.js';
import { cumulativeYiByHour } from '../../shared/hourly.js';
import type { Summary, Totals } from '../../shared/summary.js';

export interface Series {
  labels: string[];
  values: number[];
}

const YI = 1e8;
/** Hour buckets kept on the cumulative chart: four days of twenty-four, with room. */
export const MAX_HOURS = 120;

/** `2024-06-20T09` → `06-20 09:00` */
const hourLabel = (key: string) => `${key.slice(5, 10)} ${key.slice(11, 13)}:00`;

/** Cumulative investment in 亿元 by event-local hour, the newest MAX_HOURS. */
export function cumulativeByHour(byHour: Summary['byHour']): Series {
  const { labels, values } = cumulativeWithComparison(byHour, '', null);
  return { labels, values };
}

/**
 * Cumulative investment in 亿元 as another edition had it at the same moments of its event:
 * for each hour of the live chart (`hours`, event-local keys), the archive's figure at the
 * same event day and hour. Both events count their days from their own first day.
 */
export function comparisonByHour(hours: readonly string[], liveStart: string, points: readonly EditionPoint[]): number[] {
  return hours.map((key) => figuresAt(points, eventDayOf(liveStart, key.slice(0, 10)), Number(key.slice(11, 13))).investmentCny / YI);
}

/** The cumulative chart: the live line, and the archived edition's beside it when one is compared. */
export function cumulativeWithComparison(
  byHour: Summary['byHour'],
  liveStart: string,
  points: readonly EditionPoint[] | null,
): Series & { compare: number[] | null } {
  const { hours, values } = cumulativeYiByHour(byHour);
  const from = Math.max(0, hours.length - MAX_HOURS);
  const kept = hours.slice(from);
  return { labels: kept.map(hourLabel), values: values.slice(from), compare: points ? comparisonByHour(kept, liveStart, points) : null };
}

/** Category labels longer than this are cut: a long venue name would squeeze the bars to nothing. */
const MAX_LABEL = 18;
const short = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** One bar per configured id, in the event's order, so bars never jump around. */
function byConfigured(
  items: ReadonlyArray<{ id: string; name: Record<Lang, string> }>,
  values: Record<string, Totals>,
  lang: Lang,
  pick: (t: Totals) => number,
): Series {
  return {
    labels: items.map((i) => short(i.name[lang])),
    values: items.map((i) => (values[i.id] ? pick(values[i.id]!) : 0)),
  };
}

export const investmentBySector = (summary: Summary, event: EventConfig, lang: Lang): Series =>
  byConfigured(event.sectors, summary.bySector, lang, (t) => t.amountCny / YI);

export const signingsByVenue = (summary: Summary, event: EventConfig, lang: Lang): Series =>
  byConfigured(event.venues, summary.byVenue, lang, (t) => t.count);

/** Entries per hour of the attendance day; empty while attendance is null. */
export function entriesByHour(attendance: AttendanceSummary | null): Series {
  if (!attendance) return { labels: [], values: [] };
  const keys = Object.keys(attendance.byHour).filter((k) => k.startsWith(attendance.day)).sort();
  return { labels: keys.map((k) => `${k.slice(11, 13)}:00`), values: keys.map((k) => attendance.byHour[k]!.entries) };
}

export function onSiteByVenue(attendance: AttendanceSummary | null, event: EventConfig, lang: Lang): Series {
  if (!attendance) return { labels: [], values: [] };
  return {
    labels: event.venues.map((v) => short(v.name[lang])),
    values: event.venues.map((v) => attendance.byVenue[v.id]?.onSiteNow ?? 0),
  };
}
