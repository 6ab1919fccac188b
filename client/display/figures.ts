/** What a scene shows, for the whole expo or one venue. */
import type { AttendanceFigures } from '../../shared/attendance.js';
import type { Summary, Totals } from '../../shared/summary.js';

const NONE: Totals = { count: 0, amountCny: 0 };

export function totalsFor(summary: Summary | null, venue: string | null): Totals | null {
  if (!summary) return null;
  return venue ? (summary.byVenue[venue] ?? NONE) : summary.signings;
}

/** Null while no gate has reported: the screen shows a dash, not a zero. */
export function attendanceFor(summary: Summary | null, venue: string | null): AttendanceFigures | null {
  const attendance = summary?.attendance;
  if (!attendance) return null;
  return venue ? (attendance.byVenue[venue] ?? null) : attendance.total;
}
