/** Chart series built from the summary: plain functions, no Chart.js. */
import type { AttendanceSummary } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Lang } from '../../shared/format.js';
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

/** The hour bucket before `key` (`2024-06-20T00` → `2024-06-19T23`); keys are naive local times. */
function previousHour(key: string): string {
  return new Date(Date.parse(`${key}:00:00Z`) - 3600_000).toISOString().slice(0, 13);
}

/**
 * Cumulative investment in 亿元 by event-local hour, oldest first. It starts from zero in
 * the hour before the first signing, so that even one bucket draws a line (and the target's).
 */
export function cumulativeByHour(byHour: Summary['byHour']): Series {
  const keys = Object.keys(byHour).sort();
  if (keys.length === 0) return { labels: [], values: [] };
  let sum = 0;
  const all = [0, ...keys.map((k) => (sum += byHour[k]!.amountCny) / YI)];
  const labels = [previousHour(keys[0]!), ...keys].map(hourLabel);
  const from = Math.max(0, labels.length - MAX_HOURS);
  return { labels: labels.slice(from), values: all.slice(from) };
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
