import type { Role, TokenRole } from '../../shared/roles.js';
import type { Profile } from '../../shared/fleet.js';
import type { Signing } from '../../shared/signing.js';

/** Who made a change: a person logged in, or a token. */
export interface Actor {
  kind: 'user' | 'token';
  id: string;
  /** Username or token label, for the audit trail. */
  name: string;
  role: Role;
  /** A token's scope (venue, gates, screen). */
  scope?: TokenScope;
}

export interface TokenScope {
  venueId?: string;
  gateIds?: string[];
}

/** One committed change; `seq` is assigned by the store inside the transaction. */
export type Change = SigningChangeRecord;

export interface SigningChangeRecord {
  seq: number;
  type: 'signing.created' | 'signing.updated' | 'signing.voided';
  at: string;
  actor: string;
  signing: Signing;
  previous: Signing | null;
}

export type WriteOp = CreateSigningOp;

export interface CreateSigningOp {
  type: 'signing.create';
  idempotencyKey: string;
  /** Hash of the normalised request: the same key with another body is refused. */
  requestHash: string;
  signing: Signing;
  actor: string;
}

export type WriteResult =
  | { type: 'signing.created'; signing: Signing; seq: number; changes: Change[] }
  | { type: 'signing.replayed'; signing: Signing; seq: number; changes: [] }
  | { type: 'idempotency.mismatch'; changes: [] };

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
  findUserByName(username: string): Promise<User | undefined>;
  findUser(id: string): Promise<User | undefined>;
  createSession(session: Session): Promise<void>;
  findSession(idHash: string): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  createToken(token: TokenRecord, tokenHash: string): Promise<void>;
  findToken(tokenHash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<boolean>;
}

/** What organizers assigned to screens; `target` is `screen:<id>`, `venue:<id>` or `all`. */
export type FleetAssignment = { target: string; updatedAt: string } & (
  | { kind: 'profile'; value: Profile }
  | { kind: 'announcement' | 'spotlight'; value: { text: string; until: string } }
  | { kind: 'blank'; value: boolean }
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
  readonly dialect: 'sqlite' | 'postgres';
  readonly accounts: AccountStore;
  readonly fleet: FleetStore;
  migrate(): Promise<void>;
  /** One result per operation, in order; an Error fails that operation alone. */
  commit(ops: WriteOp[]): Promise<Array<WriteResult | Error>>;
  lastSeq(): Promise<number>;
  changesSince(seq: number, limit: number): Promise<Change[]>;
  /**
   * Changes committed at or before `at` (ISO time, UTC `Z` form), after seq `afterSeq`, in
   * seq order: the history time travel folds.
   */
  changesUntil(at: string, afterSeq: number, limit: number): Promise<Change[]>;
  /** Signings that count towards totals: the summary is rebuilt from them at start. */
  countedSignings(): Promise<Signing[]>;
  listSignings(query: { limit: number; before?: number; includeUncounted: boolean }): Promise<SigningPage>;
  getSigning(id: string): Promise<Signing | undefined>;
  close(): Promise<void>;
}
