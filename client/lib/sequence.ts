import type { SigningChange, Snapshot } from '../../shared/live.js';
import type { PublicSigning } from '../../shared/signing.js';
import type { Summary } from '../../shared/summary.js';

/** What a screen knows: figures as of `seq` and the newest signings. */
export interface LiveState {
  seq: number;
  summary: Summary;
  recent: PublicSigning[];
}

export interface Frame {
  seq: number;
  prevSeq: number;
  /** Absent for attendance-only frames. */
  summary?: Summary;
  changes: SigningChange[];
  attendance?: Summary['attendance'];
}

export type FrameOutcome =
  | { kind: 'applied'; state: LiveState; fresh: SigningChange[] }
  | { kind: 'stale' }
  | { kind: 'gap' };

export function fromSnapshot(snapshot: Snapshot): LiveState {
  return { seq: snapshot.seq, summary: snapshot.summary, recent: snapshot.recentSignings };
}

/**
 * Applies a broadcast frame. A frame covers (prevSeq, seq]; it fits when it starts at or
 * before what we hold. Changes we already hold are skipped, so nothing is counted twice.
 */
export function applyFrame(state: LiveState, frame: Frame, recentLimit: number): FrameOutcome {
  if (frame.seq <= state.seq) return { kind: 'stale' };
  if (frame.prevSeq > state.seq) return { kind: 'gap' };
  const fresh = frame.changes.filter((c) => c.seq > state.seq);
  let recent = state.recent;
  for (const change of fresh) {
    recent = recent.filter((s) => s.id !== change.signing.id);
    if (change.signing.status === 'published') recent = [change.signing, ...recent];
  }
  recent = [...recent].sort((a, b) => (a.signedAt < b.signedAt ? 1 : a.signedAt > b.signedAt ? -1 : 0)).slice(0, recentLimit);
  const summary = frame.summary ?? { ...state.summary, seq: frame.seq, attendance: frame.attendance ?? null };
  return { kind: 'applied', state: { seq: frame.seq, summary, recent }, fresh };
}
