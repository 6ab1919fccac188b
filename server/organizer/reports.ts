import type { AttendanceSummary } from '../../shared/attendance.js';
import { auditEntry } from '../../shared/audit.js';
import type { OrganizerFilters } from '../../shared/organizer.js';
import { matchesFilters } from '../../shared/organizer.js';
import { localTime } from '../../shared/time.js';
import type { SigningChangeRecord } from '../store/operations.js';

export const ATTENDANCE_COLUMNS = ['venueId', 'hour', 'entries', 'exits'] as const;

/** Hourly flow per venue, oldest first; the venue and day filters apply, the others do not concern people. */
export function attendanceRows(attendance: AttendanceSummary | null, filters: OrganizerFilters): unknown[][] {
  if (!attendance) return [];
  const rows: unknown[][] = [];
  for (const [venueId, hours] of Object.entries(attendance.byVenueHour)) {
    if (filters.venue && venueId !== filters.venue) continue;
    for (const hour of Object.keys(hours).sort()) {
      if (filters.day && !hour.startsWith(filters.day)) continue;
      const flow = hours[hour]!;
      rows.push([venueId, hour, flow.entries, flow.exits]);
    }
  }
  return rows;
}

export const AUDIT_COLUMNS = ['seq', 'at', 'type', 'actor', 'reason', 'signingId', 'title', 'version', 'changed'] as const;

/**
 * Audit lines whose signing passes the filters; `day` here is the day the change was made,
 * since that is what an auditor asks about ("what changed on Friday").
 */
export function auditRows(changes: readonly SigningChangeRecord[], filters: OrganizerFilters, timeZone: string): unknown[][] {
  const { day, ...bySigning } = filters;
  return changes
    .filter((c) => matchesFilters(c.signing, bySigning, timeZone) && (!day || localTime(c.at, timeZone).day === day))
    .map((c) => {
      const e = auditEntry(c);
      const changed = e.changed.map((f) => `${f.field}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join('; ');
      return [e.seq, e.at, e.type, e.actor, e.reason, e.signingId, e.title, e.version, changed];
    });
}
