import type { Role, TokenRole } from '../../shared/roles.js';
import type { AttendanceDelta } from '../../shared/attendance.js';
import type { Profile, Schedule } from '../../shared/fleet.js';
import type { Signing } from '../../shared/signing.js';
import type { TokenScope } from '../auth/actor.js';
import type { CeremonyRunStore, CeremonyStore } from './ceremony-types.js';
import type { AlertStore, OperatorAuditStore } from './alert-types.js';
import type { EventStore } from './event-types.js';
import type { AttendanceChangeRecord, Change, SigningChangeRecord, WriteOp, WriteResult } from './operations.js';

export interface AuditQuery {
  limit: number;
  /** Only changes with a smaller seq (the next page). */
  before?: number;
  actor?: string;
  signingId?: string;
  type?: SigningChangeRecord['type'];
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
}

export interface SigningPage {
  items: Signing[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: number;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  /** Set when an admin disabled the account; such users are invisible to login and sessions. */
  disabledAt?: string | null;
}

export interface UserChanges {
  role?: Role;
  passwordHash?: string;
  disabledAt?: string | null;
}

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

export interface TokenRecord {
  id: string;
  role: TokenRole;
  label: string;
  scope: TokenScope;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export interface AccountStore {
  countUsers(): Promise<number>;
  createUser(user: User): Promise<void>;
  /** Active users only: a disabled account cannot log in or keep a session. */
  findUserByName(username: string): Promise<User | undefined>;
  /** Active users only. */
  findUser(id: string): Promise<User | undefined>;
  /** Every user, disabled ones included, by name. */
  listUsers(): Promise<User[]>;
  /** False when there is no such user. Disabling also ends the user's sessions. */
  updateUser(id: string, changes: UserChanges): Promise<boolean>;
  createSession(session: Session): Promise<void>;
  findSession(idHash: string): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of the user but `exceptIdHash` (the one making a change may stay), e.g. after a password change. */
  deleteSessionsOfUser(userId: string, exceptIdHash?: string): Promise<void>;
  createToken(token: TokenRecord, tokenHash: string): Promise<void>;
  findToken(tokenHash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<boolean>;
}

export interface AttendanceReadStore {
  /** The per-installation key badge ids are hashed with; created with the schema. */
  badgeKey(): Promise<Buffer>;
  /** All attendance so far from the aggregate tables, as one delta from nothing. */
  totals(): Promise<AttendanceDelta>;
  /** The audit trail of gate-hour corrections, newest first (`signingId` and `type` are ignored). */
  corrections(query: AuditQuery): Promise<AttendanceChangeRecord[]>;
}

/** What organizers assigned to screens; `target` is `screen:<id>`, `venue:<id>` or `all`. */
export type FleetAssignment = { target: string; updatedAt: string } & (
  | { kind: 'profile'; value: Profile }
  | { kind: 'announcement' | 'spotlight'; value: { text: string; until: string } }
  | { kind: 'blank'; value: boolean }
  | { kind: 'schedule'; value: Schedule }
  /** A ceremony's stage: wins over the schedule (server/fleet/resolve.ts). */
  | { kind: 'stage'; value: { ceremonyId: string } }
  /** The fleet's name for a screen, over what it reports. */
  | { kind: 'name'; value: string }
);

export interface FleetStore {
  listAssignments(): Promise<FleetAssignment[]>;
  /** Replaces the assignment of the same target and kind. */
  putAssignment(assignment: FleetAssignment): Promise<void>;
  deleteAssignment(target: string, kind: FleetAssignment['kind']): Promise<void>;
}

/**
 * Everything Pavilion keeps. SQLite and PostgreSQL implement it; routes never see SQL.
 * Writes that change totals go through `commit`, which the group committer calls with
 * every operation that arrived meanwhile: one transaction, one fsync, consecutive seqs.
 */
export interface Store {
  readonly accounts: AccountStore;
  readonly fleet: FleetStore;
  readonly attendance: AttendanceReadStore;
  /** Ceremony definitions, shared by the rehearsal and the live data set. */
  readonly ceremonies: CeremonyStore;
  /** What happened on stage in this data set; written through `commit`. */
  readonly ceremonyRuns: CeremonyRunStore;
  /** The stored event, its exhibitors and archived editions. */
  readonly events: EventStore;
  /** Alerts, webhooks and their outbox (server/store/alert-types.ts). */
  readonly alerts: AlertStore;
  readonly operatorAudit: OperatorAuditStore;
  migrate(): Promise<void>;
  /** Resolves when the database answers; readiness checks call it. */
  ping(): Promise<void>;
  /** One result per operation, in order; an Error fails that operation alone. */
  commit(ops: WriteOp[]): Promise<Array<WriteResult | Error>>;
  lastSeq(): Promise<number>;
  changesSince(seq: number, limit: number): Promise<Change[]>;
  /**
   * Changes committed at or before `at` (ISO time, UTC `Z` form), after seq `afterSeq`, in
   * seq order: the history time travel folds.
   */
  changesUntil(at: string, afterSeq: number, limit: number): Promise<Change[]>;
  /**
   * Makes the next seq larger than `seq` (a no-op if it is already). A data set that takes
   * over from another (rehearsal, then live) continues its seqs, so that screens, which
   * never go back in seq, accept the new figures.
   */
  advanceSeq(seq: number): Promise<void>;
  /** Signings that count towards totals: the summary is rebuilt from them at start. */
  countedSignings(): Promise<Signing[]>;
  /** Newest first; `search`: only those whose title, investor or partner contains it (case-insensitive for Latin letters). */
  listSignings(query: { limit: number; before?: number; includeUncounted: boolean; search?: string }): Promise<SigningPage>;
  getSigning(id: string): Promise<Signing | undefined>;
  /** The audit trail: signing changes, newest first. */
  listSigningChanges(query: AuditQuery): Promise<SigningChangeRecord[]>;
  close(): Promise<void>;
}
