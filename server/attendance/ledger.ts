import {
  ALL,
  NEAR_CAPACITY_RATIO,
  type AttendanceDelta,
  type AttendanceFigures,
  type AttendanceSummary,
  type HourFlow,
  type VenueAttendance,
} from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import { localTime } from '../../shared/time.js';

/** Everything the figures are computed from: flows by venue and hour, distinct badges by scope and day. */
export interface AttendanceState {
  flows: Record<string, Record<string, HourFlow>>;
  /** venueId or `*` → day or `*` → distinct badges. */
  uniques: Record<string, Record<string, number>>;
  /** False until any gate reported: screens show "no data" rather than zeros. */
  reported: boolean;
}

export function emptyAttendanceState(): AttendanceState {
  return { flows: {}, uniques: {}, reported: false };
}

/** Folds one delta into the state, in place. */
export function applyAttendanceDelta(state: AttendanceState, delta: AttendanceDelta): void {
  for (const f of delta.flows) {
    const hours = (state.flows[f.venueId] ??= {});
    const flow = (hours[f.hour] ??= { entries: 0, exits: 0 });
    flow.entries += f.entries;
    flow.exits += f.exits;
  }
  for (const u of delta.uniques) {
    const days = (state.uniques[u.venueId] ??= {});
    days[u.day] = (days[u.day] ?? 0) + u.added;
  }
  if (delta.flows.length > 0 || delta.uniques.length > 0) state.reported = true;
}

/** Entries minus exits, never below zero: a missed entry must not show negative people. */
export function onSite(entries: number, exits: number): number {
  return Math.max(0, entries - exits);
}

export function occupancyOf(onSiteNow: number, capacity: number): { occupancy: number; nearCapacity: boolean } {
  const occupancy = capacity > 0 ? onSiteNow / capacity : 0;
  return { occupancy, nearCapacity: occupancy >= NEAR_CAPACITY_RATIO };
}

function venueFigures(state: AttendanceState, venueId: string, day: string): AttendanceFigures {
  let entriesToday = 0;
  let exitsToday = 0;
  let entriesTotal = 0;
  for (const [hour, flow] of Object.entries(state.flows[venueId] ?? {})) {
    entriesTotal += flow.entries;
    if (hour.startsWith(day)) {
      entriesToday += flow.entries;
      exitsToday += flow.exits;
    }
  }
  const uniques = state.uniques[venueId] ?? {};
  return {
    entriesToday,
    exitsToday,
    entriesTotal,
    onSiteNow: onSite(entriesToday, exitsToday),
    uniqueToday: uniques[day] ?? 0,
    uniqueTotal: uniques[ALL] ?? 0,
  };
}

/**
 * The figures as screens show them at `now`: "today" is the event-local day of `now`, so
 * the same state gives other figures after local midnight.
 */
export function attendanceSummary(state: AttendanceState, event: EventConfig, now: Date): AttendanceSummary | null {
  if (!state.reported) return null;
  const day = localTime(now, event.timeZone).day;
  const total: AttendanceFigures = { entriesToday: 0, exitsToday: 0, entriesTotal: 0, onSiteNow: 0, uniqueToday: 0, uniqueTotal: 0 };
  const byVenue: Record<string, VenueAttendance> = {};
  const byHour: Record<string, HourFlow> = {};
  const byVenueHour: Record<string, Record<string, HourFlow>> = {};
  for (const venue of event.venues) {
    const figures = venueFigures(state, venue.id, day);
    byVenue[venue.id] = { ...figures, capacity: venue.capacity, ...occupancyOf(figures.onSiteNow, venue.capacity) };
    total.entriesToday += figures.entriesToday;
    total.exitsToday += figures.exitsToday;
    total.entriesTotal += figures.entriesTotal;
    // Summed per venue so that one venue's missed exits cannot hide people in another.
    total.onSiteNow += figures.onSiteNow;
    const hours = state.flows[venue.id] ?? {};
    byVenueHour[venue.id] = Object.fromEntries(Object.entries(hours).map(([h, f]) => [h, { ...f }]));
    for (const [hour, flow] of Object.entries(hours)) {
      const sum = (byHour[hour] ??= { entries: 0, exits: 0 });
      sum.entries += flow.entries;
      sum.exits += flow.exits;
    }
  }
  total.uniqueToday = state.uniques[ALL]?.[day] ?? 0;
  total.uniqueTotal = state.uniques[ALL]?.[ALL] ?? 0;
  return { day, total, byVenue, byHour, byVenueHour };
}

/** The live attendance figures of one process: a fold over the change log, viewed at a clock. */
export class AttendanceLedger {
  readonly #state = emptyAttendanceState();

  constructor(
    private readonly event: EventConfig,
    seed?: AttendanceDelta,
  ) {
    if (seed) applyAttendanceDelta(this.#state, seed);
  }

  apply(delta: AttendanceDelta): void {
    applyAttendanceDelta(this.#state, delta);
  }

  view(now: Date): AttendanceSummary | null {
    return attendanceSummary(this.#state, this.event, now);
  }
}
