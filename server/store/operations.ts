/**
 * The writes Pavilion makes, what each one answers, and the changes they leave in the change
 * log. Every write goes through `Store.commit` (via the group committer) as one of these.
 */
import type { AttendanceDelta, GateHourCorrection, HourFlow } from '../../shared/attendance.js';
import type { Signing } from '../../shared/signing.js';
import type { CeremonyChangeRecord, CeremonyOp, CeremonyResult } from './ceremony-types.js';
import type { EventChangeRecord, EventWriteResult, ReplaceExhibitorsOp, UpdateEventOp } from './event-types.js';

/** One committed change; `seq` is assigned by the store inside the transaction. */
export type Change = SigningChangeRecord | AttendanceChangeRecord | EventChangeRecord | CeremonyChangeRecord;

/** One committed attendance write: what it added to the figures, aggregated. */
export interface AttendanceChangeRecord {
  seq: number;
  type: 'attendance';
  at: string;
  actor: string;
  delta: AttendanceDelta;
  /** Set when an admin corrected a gate's hour; the audit log shows these with their reason. */
  correction?: GateHourCorrection;
  reason?: string;
}

export interface SigningChangeRecord {
  seq: number;
  type: 'signing.created' | 'signing.updated' | 'signing.voided';
  at: string;
  actor: string;
  signing: Signing;
  previous: Signing | null;
  /** Why an edit, void or verification was made; the audit log shows it. */
  reason?: string;
}

export type WriteOp =
  | CreateSigningOp
  | UpdateSigningOp
  | VoidSigningOp
  | ImportSigningsOp
  | AttendanceCountsOp
  | AttendanceScansOp
  | AttendanceCorrectOp
  | UpdateEventOp
  | ReplaceExhibitorsOp
  | CeremonyOp;

/** Gate counts, validated and scoped; `index` is the item's place in the request. */
export type CountItem =
  | { kind: 'interval'; index: number; gateId: string; venueId: string; batchId: string; hour: string; entries: number; exits: number }
  | {
      kind: 'counter';
      index: number;
      gateId: string;
      venueId: string;
      batchId: string;
      atMs: number;
      hour: string;
      entriesTotal: number;
      exitsTotal: number;
      /** The gate's rate: a rise beyond it since the previous reading is a new baseline, not a count. */
      perMinute: number;
    };

export interface AttendanceCountsOp {
  type: 'attendance.counts';
  items: CountItem[];
  at: string;
  actor: string;
}

/** Badge scans; `badge` is already a keyed hash, never the badge id itself. */
export interface ScanItem {
  gateId: string;
  venueId: string;
  badge: Buffer;
  atMs: number;
  hour: string;
  day: string;
  direction: 'in' | 'out';
}

export interface AttendanceScansOp {
  type: 'attendance.scans';
  items: ScanItem[];
  at: string;
  actor: string;
}

/** Sets one gate's flow in one hour to the given values; the change carries the difference. */
export interface AttendanceCorrectOp {
  type: 'attendance.correct';
  gateId: string;
  venueId: string;
  hour: string;
  entries: number;
  exits: number;
  reason: string;
  at: string;
  actor: string;
}

export interface CreateSigningOp {
  type: 'signing.create';
  idempotencyKey: string;
  /** Hash of the normalised request: the same key with another body is refused. */
  requestHash: string;
  signing: Signing;
  actor: string;
}

/**
 * A new version of a stored signing, computed by the caller from `expectedVersion`. The
 * store refuses it when the stored version moved on meanwhile (optimistic concurrency).
 */
export interface UpdateSigningOp {
  type: 'signing.update';
  expectedVersion: number;
  /** The next version in full, with `version = expectedVersion + 1`. */
  signing: Signing;
  actor: string;
  reason: string;
}

export interface VoidSigningOp {
  type: 'signing.void';
  id: string;
  expectedVersion: number;
  at: string;
  actor: string;
  reason: string;
}

/** Many signings in one savepoint: all of them are stored, or none. */
/** A signing's next version as an update or a void asks for it: stored only over `expectedVersion`. */
export interface Revision {
  id: string;
  expectedVersion: number;
  makeNext: (current: Signing) => Signing;
  type: 'signing.updated' | 'signing.voided';
  actor: string;
  reason: string;
}

export const updateRevision = (op: UpdateSigningOp): Revision => ({
  id: op.signing.id,
  expectedVersion: op.expectedVersion,
  makeNext: () => op.signing,
  type: 'signing.updated',
  actor: op.actor,
  reason: op.reason,
});

export const voidRevision = (op: VoidSigningOp): Revision => ({
  id: op.id,
  expectedVersion: op.expectedVersion,
  makeNext: (current) => ({ ...current, status: 'voided', updatedAt: op.at }),
  type: 'signing.voided',
  actor: op.actor,
  reason: op.reason,
});

export interface ImportSigningsOp {
  type: 'signing.import';
  items: Array<{ idempotencyKey: string; requestHash: string; signing: Signing }>;
  actor: string;
}

/**
 * What the store answers each kind of operation with. `commit` and the group committer's
 * `submit` are typed by this map, so a caller handles exactly the outcomes its operation has.
 */
export type SigningCreated = { type: 'signing.created'; signing: Signing; seq: number; changes: Change[] };
/** The same caller sent the same request again: the answer the first one got. */
export type SigningReplayed = { type: 'signing.replayed'; signing: Signing; seq: number; changes: [] };
export type IdempotencyMismatch = { type: 'idempotency.mismatch'; changes: [] };
export type SigningRevised = { type: 'signing.revised'; signing: Signing; seq: number; changes: Change[] };
export type SigningNotFound = { type: 'signing.not-found'; changes: [] };
export type VersionConflict = { type: 'version.conflict'; current: Signing; changes: [] };
export type SigningsImported = { type: 'signings.imported'; signings: Signing[]; seq: number; changes: Change[] };
export type ImportDuplicate = { type: 'import.duplicate'; idempotencyKey: string; changes: [] };
export type AttendanceRecorded = {
  type: 'attendance.recorded';
  accepted: number;
  duplicates: number;
  notes: Array<{ index: number; note: string }>;
  changes: Change[];
};
export type AttendanceCorrected = { type: 'attendance.corrected'; before: HourFlow; after: HourFlow; seq: number; changes: Change[] };
type CeremonyRefused = Extract<CeremonyResult, { type: 'ceremony.refused' }>;
type CeremonyUpdated = Extract<CeremonyResult, { type: 'ceremony.updated' }>;

export interface OpResults {
  'signing.create': SigningCreated | SigningReplayed | IdempotencyMismatch;
  'signing.update': SigningRevised | SigningNotFound | VersionConflict;
  'signing.void': SigningRevised | SigningNotFound | VersionConflict;
  'signing.import': SigningsImported | ImportDuplicate;
  'attendance.counts': AttendanceRecorded;
  'attendance.scans': AttendanceRecorded;
  'attendance.correct': AttendanceCorrected;
  'event.update': EventWriteResult;
  'exhibitors.replace': Extract<EventWriteResult, { type: 'event.updated' | 'event.missing' }>;
  'ceremony.sign': SigningCreated | SigningReplayed | IdempotencyMismatch | CeremonyRefused;
  'ceremony.undo': SigningRevised | CeremonyRefused;
  'ceremony.status': CeremonyUpdated | CeremonyRefused;
}

export type WriteOpType = WriteOp['type'];
export type OpOf<T extends WriteOpType> = Extract<WriteOp, { type: T }>;
/** The result type of one operation. */
export type ResultOf<Op extends WriteOp> = OpResults[Op['type']];
/** Any operation's result. */
export type WriteResult = OpResults[WriteOpType];

/** One handler per kind of operation, each answering with its own results (SQLite: synchronous). */
export type OpHandlers = { [K in WriteOpType]: (op: OpOf<K>) => OpResults[K] };
export type AsyncOpHandlers = { [K in WriteOpType]: (op: OpOf<K>) => Promise<OpResults[K]> };
