/** Attendance figures as screens and the summary carry them. */

export interface AttendanceFigures {
  entriesToday: number;
  exitsToday: number;
  entriesTotal: number;
  /** Entries minus exits since the venue opened today, never negative. */
  onSiteNow: number;
  /** Distinct badges scanned today (from badge scans only). */
  uniqueToday: number;
  /** Distinct badges scanned over the whole event. */
  uniqueTotal: number;
}

export interface VenueAttendance extends AttendanceFigures {
  capacity: number;
  /** onSiteNow / capacity. */
  occupancy: number;
  /** At or above the warning threshold (90% of capacity). */
  nearCapacity: boolean;
}

export interface HourFlow {
  entries: number;
  exits: number;
}

export interface AttendanceSummary {
  /** The event-local day that "today" refers to, YYYY-MM-DD. */
  day: string;
  total: AttendanceFigures;
  byVenue: Record<string, VenueAttendance>;
  /** Flow by event-local hour (`YYYY-MM-DDTHH`), all venues. */
  byHour: Record<string, HourFlow>;
  /** Flow by venue, then by hour. */
  byVenueHour: Record<string, Record<string, HourFlow>>;
}

export const NEAR_CAPACITY_RATIO = 0.9;

/** Flow through one gate in one event-local hour, as a change adds it. */
export interface GateHourFlow extends HourFlow {
  venueId: string;
  gateId: string;
  /** Event-local hour, `YYYY-MM-DDTHH`. */
  hour: string;
}

/** Distinct badges newly seen in a scope: a venue or all venues (`*`), one day or the whole event (`*`). */
export interface UniqueCount {
  venueId: string;
  day: string;
  added: number;
}

/** The whole-event scope marker for `UniqueCount.venueId` and `UniqueCount.day`. */
export const ALL = '*';

/**
 * What one committed attendance write adds to the figures. The change log carries one per
 * write, so the live figures are a fold over the log; the figures at start are one such
 * delta read from the aggregate tables.
 */
export interface AttendanceDelta {
  flows: GateHourFlow[];
  uniques: UniqueCount[];
}

/**
 * People a gate passes per minute when the event file names no rate: one lane of a
 * turnstile or a ticket check passes about one person a second at full flow, so a count
 * above it is a device fault or forged, not a crowd. Multi-lane gates set `personsPerMinute`.
 */
export const DEFAULT_GATE_PERSONS_PER_MINUTE = 60;

/** Why a gate report was refused, per item; the rest of its request is still recorded. */
export type RejectionCode = 'clock_ahead' | 'too_old' | 'over_gate_rate';

/** One refused item of `POST /attendance/counts` or `/scans`. */
export interface AttendanceRejection {
  /** The item's place in the request (0 for a single report). */
  index: number;
  /** The field at fault. */
  field: string;
  code: RejectionCode;
  message: string;
  /** The same text as `message`, kept for devices written before `code` and `message`. */
  error: string;
}

/** What `POST /attendance/counts` and `/scans` answer with 202. */
export interface AttendanceReportAnswer {
  accepted: number;
  duplicates: number;
  rejected: AttendanceRejection[];
  notes?: Array<{ index: number; note: string }>;
}

/** An admin's correction of one gate's hour, as the change log and the audit log keep it. */
export interface GateHourCorrection {
  gateId: string;
  venueId: string;
  /** Event-local hour, `YYYY-MM-DDTHH`. */
  hour: string;
  before: HourFlow;
  after: HourFlow;
}
