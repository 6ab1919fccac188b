import type { EventConfig } from '../../shared/event-config.js';
import type { EventUse } from '../../shared/event-edit.js';
import type { Edition, EditionListItem } from '../../shared/editions.js';
import type { Exhibitor } from '../../shared/exhibitors.js';
import type { AuditQuery } from './types.js';
import type { Change } from './operations.js';

/** The event as stored: one row, its version counting every change from 1. */
export interface StoredEvent {
  event: EventConfig;
  version: number;
}

/** A committed change of the event; every instance applies it in seq order, like any change. */
export interface EventChangeRecord {
  seq: number;
  type: 'event.updated';
  at: string;
  actor: string;
  event: EventConfig;
  version: number;
  /** The event before, for the audit log's before/after. */
  previous: EventConfig;
  /** Set when the change came from an exhibitor import rather than the editor. */
  reason?: string;
}

/**
 * The whole event in place of the stored one, when the stored version is still `expectedVersion`.
 * Nothing that stored signings or attendance use may disappear (checked in the transaction).
 */
export interface UpdateEventOp {
  type: 'event.update';
  event: EventConfig;
  expectedVersion: number;
  at: string;
  actor: string;
}

/** Replaces the exhibitor list, and the event's exhibitor and country counts with the list's, in one change. */
export interface ReplaceExhibitorsOp {
  type: 'exhibitors.replace';
  exhibitors: Exhibitor[];
  at: string;
  actor: string;
}

export type EventWriteResult =
  | { type: 'event.updated'; event: EventConfig; version: number; seq: number; changes: Change[] }
  | { type: 'event.conflict'; version: number; changes: [] }
  | { type: 'event.in-use'; uses: EventUse[]; changes: [] }
  | { type: 'event.missing'; changes: [] };

/** The event, its exhibitors and archived editions. */
export interface EventStore {
  current(): Promise<StoredEvent | undefined>;
  /** Stores `event` as version 1 when no event is stored (a first start); answers the stored one either way. */
  seed(event: EventConfig): Promise<StoredEvent>;
  /** Event changes for the audit log, newest first. */
  history(query: AuditQuery): Promise<EventChangeRecord[]>;
  exhibitors(): Promise<Exhibitor[]>;
  /** Archived editions without their figures, newest archive first. */
  listEditions(): Promise<EditionListItem[]>;
  getEdition(id: string): Promise<Edition | undefined>;
  /** False when an edition with this id is archived already: archives are read-only. */
  putEdition(edition: Edition): Promise<boolean>;
}
