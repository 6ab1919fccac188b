import type { AttendanceFigures, AttendanceSummary } from '../../shared/attendance.js';
import type { OrganizerFilters } from '../../shared/organizer.js';
import { cumulativeYiByHour } from '../../shared/hourly.js';
import type { Summary, Totals } from '../../shared/summary.js';

export interface Series {
  keys: string[];
  values: number[];
}

/** A breakdown as chart series, largest first, at most `limit` bars. */
export function topSeries(bucket: Record<string, Totals>, pick: (t: Totals) => number, limit = 12): Series {
  const entries = Object.entries(bucket).sort((a, b) => pick(b[1]) - pick(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, limit);
  return { keys: entries.map(([k]) => k), values: entries.map(([, t]) => pick(t)) };
}

/** Investment so far, hour by hour, in 亿元. */
export function cumulativeByHour(summary: Summary): Series {
  const { hours, values } = cumulativeYiByHour(summary.byHour);
  return { keys: hours, values };
}

/** Entries per hour of one day (or the latest day with any), for the venue filter or all. */
export function entriesByHour(attendance: AttendanceSummary | null, filters: OrganizerFilters): Series {
  if (!attendance) return { keys: [], values: [] };
  const day = filters.day ?? attendance.day;
  const hours = filters.venue ? (attendance.byVenueHour[filters.venue] ?? {}) : attendance.byHour;
  const keys = Object.keys(hours).filter((h) => h.startsWith(day)).sort();
  return { keys, values: keys.map((k) => hours[k]!.entries) };
}

/**
 * The attendance figures the headline shows: one venue's under the venue filter. For a day
 * other than "today" only that day's entries can be told from the hourly flow.
 */
export function attendanceFigures(attendance: AttendanceSummary | null, filters: OrganizerFilters): Pick<AttendanceFigures, 'entriesToday' | 'onSiteNow'> | null {
  if (!attendance) return null;
  if (filters.day && filters.day !== attendance.day) {
    return { entriesToday: entriesByHour(attendance, filters).values.reduce((a, b) => a + b, 0), onSiteNow: 0 };
  }
  return filters.venue ? (attendance.byVenue[filters.venue] ?? null) : attendance.total;
}
