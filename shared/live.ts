/**
 * The Socket.IO contract of the `/live` namespace, imported by the server and every client.
 *
 * Ordering: every change the server commits gets the next `seq`. Each broadcast covers the
 * changes after `prevSeq` up to and including `seq`. A client that holds figures as of
 * `lastSeq` may apply a message when `prevSeq <= lastSeq`, skipping changes it already has;
 * when `prevSeq > lastSeq` it missed something and asks for a snapshot.
 */
import type { AttendanceSummary } from './attendance.js';
import type { EventConfig } from './event-config.js';
import type { PublicSigning } from './signing.js';
import type { Summary } from './summary.js';

export const LIVE_NAMESPACE = '/live';

export const LiveEvents = {
  snapshot: 'snapshot',
  /** A signing starts to count: it was published, verified or released. */
  signingCreated: 'signing:created',
  /** A counted signing was corrected and still counts. */
  signingUpdated: 'signing:updated',
  /**
   * A counted signing stops counting: voided, undone, or sent back for review (draft or held).
   * It carries the version screens last showed, with only `status` and `version` moved on, so
   * that nothing of the uncounted version leaves the server.
   */
  signingVoided: 'signing:voided',
  /** Several signing changes in one frame, sent instead of one message each during bursts. */
  signingBatch: 'signing:batch',
  attendanceUpdated: 'attendance:updated',
  /**
   * A signing ceremony's public state moved (started, finished, its run-sheet changed) in a frame
   * without signing changes; frames with signings carry it in their `summary.ceremonies`.
   */
  ceremonyUpdated: 'ceremony:updated',
  /** The event was edited (names, capacities, targets, hours): screens replace theirs in place. */
  eventUpdated: 'event:updated',
  heartbeat: 'heartbeat',
  snapshotRequest: 'snapshot:request',
} as const;

/**
 * Handshake `auth` of a client that takes part in connection-state recovery. Socket.IO then
 * appends a string offset as a last argument to each broadcast event (the JavaScript client
 * keeps it to resume after a short drop). Clients that do not send this get every event with
 * exactly the arguments below, so a handler `def on_snapshot(data)` in another language works.
 */
export const RECOVERY_AUTH = { recovery: true } as const;

export function wantsRecovery(auth: Record<string, unknown> | undefined): boolean {
  return auth?.['recovery'] === true;
}

export type SigningChangeType =
  | typeof LiveEvents.signingCreated
  | typeof LiveEvents.signingUpdated
  | typeof LiveEvents.signingVoided;

export interface Snapshot {
  seq: number;
  summary: Summary;
  /** Newest first; published signings only. */
  recentSignings: PublicSigning[];
  serverTime: string;
  /** The version of the event these figures were folded under; a screen holding another fetches `GET /api/v1/event`. */
  eventVersion: number;
}

interface Sequenced {
  seq: number;
  prevSeq: number;
}

export interface SigningChange {
  type: SigningChangeType;
  seq: number;
  signing: PublicSigning;
}

export interface SigningMessage extends Sequenced {
  signing: PublicSigning;
  summary: Summary;
}

export interface SigningBatchMessage extends Sequenced {
  /** In seq order. */
  changes: SigningChange[];
  summary: Summary;
}

export interface AttendanceMessage extends Sequenced {
  attendance: AttendanceSummary | null;
}

/**
 * The event after an edit. Not part of the figures' `prevSeq` chain: `seq` is the change that
 * made it, and a screen keeps whichever event has the highest `version`. A frame still covers
 * this seq, so the figures' sequence has no gap.
 */
export interface EventUpdatedMessage {
  seq: number;
  version: number;
  event: EventConfig;
}

/** `ceremony:updated`: the figures with `summary.ceremonies`, as a signing message carries them. */
export interface CeremonyMessage extends Sequenced {
  summary: Summary;
}

export interface Heartbeat {
  seq: number;
  serverTime: string;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot) => void;
  'signing:created': (message: SigningMessage) => void;
  'signing:updated': (message: SigningMessage) => void;
  'signing:voided': (message: SigningMessage) => void;
  'signing:batch': (message: SigningBatchMessage) => void;
  'attendance:updated': (message: AttendanceMessage) => void;
  'ceremony:updated': (message: CeremonyMessage) => void;
  'event:updated': (message: EventUpdatedMessage) => void;
  heartbeat: (beat: Heartbeat) => void;
}

export interface ClientToServerEvents {
  /** Asks for a fresh snapshot; it arrives as a `snapshot` event. */
  'snapshot:request': () => void;
}
