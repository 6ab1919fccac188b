import type { AttendanceSummary } from '../../shared/attendance.js';

/** Attendance on 21 June with no totals and no venues: only the hourly flows a test gives. */
export function hourlyAttendance(flows: Partial<Pick<AttendanceSummary, 'byHour' | 'byVenueHour'>>): AttendanceSummary {
  return {
    day: '2024-06-21',
    total: { entriesToday: 0, exitsToday: 0, entriesTotal: 0, onSiteNow: 0, uniqueToday: 0, uniqueTotal: 0 },
    byVenue: {},
    byHour: {},
    byVenueHour: {},
    ...flows,
  };
}
