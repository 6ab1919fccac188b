import type { EventConfig } from '../../shared/event-config.js';
import type { Signing } from '../../shared/signing.js';
import { applySigningChange, emptySummary, isCounted, type Summary } from '../../shared/summary.js';
import { applyAttendanceDelta, attendanceSummary, emptyAttendanceState, type AttendanceState } from '../attendance/ledger.js';
import type { Store } from '../store/types.js';
import type { Change } from '../store/operations.js';

/** Everything the figures at one moment are made of, rebuilt from the change log. */
export interface HistoryState {
  summary: Summary;
  /** The latest version of every signing as of the moment; voided and drafts included. */
  signings: Map<string, Signing>;
  attendance: AttendanceState;
}

export function emptyHistory(): HistoryState {
  return { summary: emptySummary(), signings: new Map(), attendance: emptyAttendanceState() };
}

/**
 * Folds changes into the state in place, with the very reducers the live hub uses, so a
 * past moment is computed exactly as the screens computed it then.
 */
export function foldChanges(state: HistoryState, changes: readonly Change[], timeZone: string): void {
  for (const change of changes) {
    if (change.type === 'attendance') applyAttendanceDelta(state.attendance, change.delta);
    else if (change.type === 'event.updated' || change.type === 'ceremony') {
      // The event's edits and a ceremony's state do not move the figures (its signings do).
    } else {
      applySigningChange(state.summary, change.previous, change.signing, timeZone);
      state.signings.set(change.signing.id, change.signing);
    }
    state.summary.seq = change.seq;
  }
}

const PAGE = 5000;

/** The state after every change committed at or before `at` (an ISO time). */
export async function historyAt(store: Store, at: string, timeZone: string): Promise<HistoryState> {
  const state = emptyHistory();
  const until = new Date(at).toISOString();
  let after = 0;
  for (;;) {
    const changes = await store.changesUntil(until, after, PAGE);
    foldChanges(state, changes, timeZone);
    const last = changes.at(-1);
    if (!last || changes.length < PAGE) return state;
    after = last.seq;
  }
}

export function countedAt(state: HistoryState): Signing[] {
  return [...state.signings.values()].filter((s) => isCounted(s));
}

/** The unfiltered figures at `at`, attendance viewed as of that moment's "today". */
export function summaryAt(state: HistoryState, event: EventConfig, at: string): Summary {
  return { ...state.summary, attendance: attendanceSummary(state.attendance, event, new Date(at)) };
}
