import type { GateHourCorrection } from './attendance.js';
import type { Signing } from './signing.js';

export const AUDIT_TYPES = ['signing.created', 'signing.updated', 'signing.voided', 'attendance.corrected', 'event.updated'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];
export type SigningAuditType = Exclude<AuditType, 'attendance.corrected' | 'event.updated'>;

/** What every line of the audit log starts with: the change's `seq` and kind, who made it, when and why. */
export interface AuditHead<T extends AuditType> {
  seq: number;
  type: T;
  at: string;
  actor: string;
  reason: string | null;
}

/** An audit line's head from its change-log record; a change without a reason shows null. */
export function auditHead<T extends AuditType>(type: T, change: { seq: number; at: string; actor: string; reason?: string }): AuditHead<T> {
  return { seq: change.seq, type, at: change.at, actor: change.actor, reason: change.reason ?? null };
}

/** One line of the audit log (`GET /api/v1/audit`): who changed what, when and why. */
export interface AuditEntry extends AuditHead<SigningAuditType> {
  signingId: string;
  title: string;
  version: number;
  /** Fields whose value differs from the previous version; every field for a creation. */
  changed: Array<{ field: string; before: unknown; after: unknown }>;
}

const IGNORED = new Set(['version', 'updatedAt']);

/** The audit line of one change-log record: the before/after of each field that moved. */
export function auditEntry(change: {
  seq: number;
  type: SigningAuditType;
  at: string;
  actor: string;
  signing: Signing;
  previous: Signing | null;
  reason?: string;
}): AuditEntry {
  const after = change.signing as unknown as Record<string, unknown>;
  const before = (change.previous ?? {}) as Record<string, unknown>;
  const changed = Object.keys(after)
    .filter((field) => !IGNORED.has(field) && before[field] !== after[field])
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] }));
  return {
    ...auditHead(change.type, change),
    signingId: change.signing.id,
    title: change.signing.title,
    version: change.signing.version,
    changed: change.previous ? changed : [],
  };
}

/** One admin correction of a gate's hour in the audit log: who, when, why, before and after. */
export interface AttendanceAuditEntry extends AuditHead<'attendance.corrected'>, GateHourCorrection {
  /** Gate and hour, for a log that shows a title per line. */
  title: string;
  changed: Array<{ field: 'entries' | 'exits'; before: number; after: number }>;
}

export function attendanceAuditEntry(change: { seq: number; at: string; actor: string; correction: GateHourCorrection; reason?: string }): AttendanceAuditEntry {
  const { before, after } = change.correction;
  return {
    ...auditHead('attendance.corrected', change),
    ...change.correction,
    title: `${change.correction.gateId} ${change.correction.hour}`,
    changed: (['entries', 'exits'] as const).map((field) => ({ field, before: before[field], after: after[field] })),
  };
}
