import type { CeremonyStatus, ItemInput, StageScreens } from '../../shared/ceremonies.js';
import type { LocalizedName } from '../../shared/event-config.js';
import type { Signing } from '../../shared/signing.js';

/**
 * Ceremonies are kept in two parts. The definitions (title, stage, items and their order) are
 * prepared weeks ahead and shared by the rehearsal and the live data set, like accounts. What
 * happened on stage (started, finished, which item became which signing) belongs to the data
 * set the signings are in, and is written in the same transaction as they are, through `commit`.
 */
export interface CeremonyDefinition {
  id: string;
  title: LocalizedName;
  venueId: string;
  startsAt: string;
  stage: StageScreens;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface ItemDefinition {
  id: string;
  ceremonyId: string;
  position: number;
  input: ItemInput;
  createdAt: string;
  updatedAt: string;
}

/** Ceremony definitions and who may run them; no signing is touched here. */
export interface CeremonyStore {
  createCeremony(ceremony: CeremonyDefinition): Promise<void>;
  getCeremony(id: string): Promise<CeremonyDefinition | undefined>;
  /** By start time. */
  listCeremonies(): Promise<CeremonyDefinition[]>;
  /** In run-sheet order. */
  listItems(ceremonyId: string): Promise<ItemDefinition[]>;
  /** Appends after the last item, in the order given. */
  addItems(ceremonyId: string, items: Array<Omit<ItemDefinition, 'position'>>): Promise<void>;
  /** False when there is no such item in the ceremony. */
  updateItem(ceremonyId: string, itemId: string, input: ItemInput, updatedAt: string): Promise<boolean>;
  /** Moves the item to `position` (clamped), renumbering the others; false when there is no such item. */
  moveItem(ceremonyId: string, itemId: string, position: number, updatedAt: string): Promise<boolean>;
  deleteItem(ceremonyId: string, itemId: string): Promise<boolean>;
  /** Staff users an admin allowed to run ceremonies (docs/CEREMONIES.md). */
  isOperator(userId: string): Promise<boolean>;
  listOperators(): Promise<Array<{ userId: string; grantedBy: string; grantedAt: string }>>;
  grantOperator(userId: string, grantedBy: string, grantedAt: string): Promise<void>;
  revokeOperator(userId: string): Promise<boolean>;
}

/**
 * A started ceremony as the change log carries it. `signingIds` (the signings of its signed
 * items) stays in the server: the live fold sums what of them counts, with the very changes
 * the event's totals come from, so both always agree.
 */
export interface CeremonyState {
  id: string;
  title: LocalizedName;
  status: Exclude<CeremonyStatus, 'planned'>;
  signed: number;
  planned: number;
  startedAt: string;
  finishedAt: string | null;
  signingIds: string[];
}

export interface CeremonyChangeRecord {
  seq: number;
  type: 'ceremony';
  at: string;
  actor: string;
  ceremony: CeremonyState;
}

export interface SignedItem {
  itemId: string;
  signingId: string;
  signedAt: string;
}

/** What happened on stage, in the data set being served. */
export interface CeremonyRunStore {
  /** Null while the ceremony was never started here. */
  state(ceremonyId: string): Promise<CeremonyState | null>;
  /** Every started ceremony: the live figures start from them. */
  states(): Promise<CeremonyState[]>;
  signedItems(ceremonyId: string): Promise<SignedItem[]>;
}

/** What a ceremony write needs of the definitions, read just before it. */
export interface CeremonyRef {
  id: string;
  title: LocalizedName;
  /** Items in the run-sheet now. */
  items: number;
}

/**
 * Signs one item: in one transaction the item is marked signed (with the signing's id and
 * the key) and the signing is created, published at that moment unless the amount limits hold it.
 */
export interface CeremonySignOp {
  type: 'ceremony.sign';
  ceremony: CeremonyRef;
  itemId: string;
  idempotencyKey: string;
  requestHash: string;
  signing: Signing;
  actor: string;
}

/** Voids the item's signing ("undone on stage") and returns the item to planned, in one transaction. */
export interface CeremonyUndoOp {
  type: 'ceremony.undo';
  ceremony: CeremonyRef;
  itemId: string;
  /** Items signed before this moment are past the undo window. */
  signedSince: string;
  reason: string;
  at: string;
  actor: string;
}

/** Starts or finishes a ceremony, or (null) tells the screens its new counts after the run-sheet changed. */
export interface CeremonyStatusOp {
  type: 'ceremony.status';
  ceremony: CeremonyRef;
  status: 'running' | 'finished' | null;
  at: string;
  actor: string;
}

export type CeremonyOp = CeremonySignOp | CeremonyUndoOp | CeremonyStatusOp;

export type CeremonyRefusal = 'not-running' | 'already-signed' | 'not-signed' | 'window-passed';

export type CeremonyResult =
  | { type: 'ceremony.refused'; reason: CeremonyRefusal; changes: [] }
  | { type: 'ceremony.updated'; state: CeremonyState | null; seq: number; changes: CeremonyChangeRecord[] };

/** The state after a change of the signed items or the status; pure, for both stores. */
export function nextState(
  ref: CeremonyRef,
  before: CeremonyState | null,
  status: CeremonyState['status'],
  signingIds: string[],
  at: string,
): CeremonyState {
  const startedAt = before?.startedAt ?? at;
  const finishedAt = status === 'finished' ? (before?.status === 'finished' ? before.finishedAt : at) : null;
  return {
    id: ref.id,
    title: ref.title,
    status,
    signed: signingIds.length,
    planned: Math.max(0, ref.items - signingIds.length),
    startedAt,
    finishedAt,
    signingIds,
  };
}
