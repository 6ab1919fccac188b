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
