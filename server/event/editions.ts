import type { AttendanceDelta } from '../../shared/attendance.js';
import { cumulativePoints, type Edition, type EditionPoint } from '../../shared/editions.js';
import type { EventConfig } from '../../shared/event-config.js';
import { summarize, type Summary } from '../../shared/summary.js';
import type { Store } from '../store/types.js';

/** Gate entries per event-local hour, all gates together. */
export function entriesByHour(attendance: AttendanceDelta): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of attendance.flows) out[f.hour] = (out[f.hour] ?? 0) + f.entries;
  return out;
}

/** The live edition's hourly points, from the hub's figures and the stored attendance. */
export async function livePoints(store: Store, event: EventConfig, summary: Pick<Summary, 'byHour'>): Promise<EditionPoint[]> {
  return cumulativePoints(event.dates, summary.byHour, entriesByHour(await store.attendance.totals()));
}

/** A read-only archive of the edition in `store`: its event and the figures at the end of every hour. */
export async function archiveEdition(store: Store, event: EventConfig, archivedAt: Date): Promise<Edition> {
  const [counted, attendance] = await Promise.all([store.countedSignings(), store.attendance.totals()]);
  const summary = summarize(counted, event.timeZone);
  const perHour = entriesByHour(attendance);
  const points = cumulativePoints(event.dates, summary.byHour, perHour);
  return {
    id: event.id,
    archivedAt: archivedAt.toISOString(),
    event,
    totals: {
      contracts: summary.signings.count,
      investmentCny: summary.signings.amountCny,
      visitors: Object.values(perHour).reduce((a, b) => a + b, 0),
      exhibitors: event.facts.exhibitors,
      countriesAndRegions: event.facts.countriesAndRegions,
    },
    points,
  };
}
