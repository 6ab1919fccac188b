import type { AttendanceSummary, HourFlow } from '../../shared/attendance.js';

export interface VenueDay {
  venueId: string;
  entries: number;
  exits: number;
  /** The busiest hour's entries, and which hour. */
  peakEntries: number;
  peakHour: string | null;
}

/** Each venue's flow on one event-local day, from the hourly figures. */
export function venueDay(attendance: AttendanceSummary | null, venueIds: readonly string[], day: string): VenueDay[] {
  return venueIds.map((venueId) => {
    const hours = Object.entries(attendance?.byVenueHour[venueId] ?? {}).filter(([h]) => h.startsWith(day)) as Array<[string, HourFlow]>;
    const peak = hours.reduce<[string, HourFlow] | null>((best, h) => (!best || h[1].entries > best[1].entries ? h : best), null);
    return {
      venueId,
      entries: hours.reduce((a, [, f]) => a + f.entries, 0),
      exits: hours.reduce((a, [, f]) => a + f.exits, 0),
      peakEntries: peak?.[1].entries ?? 0,
      peakHour: peak ? `${peak[0].slice(11)}:00` : null,
    };
  });
}
