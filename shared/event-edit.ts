/**
 * The rules of editing a stored event: what an edit removes, and what changed for the audit log.
 * Pure, so that both stores and the console apply the same rule.
 */
import { auditHead, type AuditHead } from './audit.js';
import { acceptedCurrencies, type EventConfig } from './event-config.js';

export const USE_KINDS = ['venue', 'area', 'sector', 'gate', 'currency'] as const;
export type UseKind = (typeof USE_KINDS)[number];

/** Ids an edit takes away, by kind. */
export type Removed = Record<UseKind, string[]>;

/** One removed thing that stored data still uses: the edit is refused and this says why. */
export interface EventUse {
  kind: UseKind;
  id: string;
  /** Stored signings (any status) that name it. */
  signings: number;
  /** Gate-hours of attendance recorded for it (venues and gates). */
  gateHours: number;
}

function idsOf(event: EventConfig): Removed {
  return {
    venue: event.venues.map((v) => v.id),
    area: event.areas.map((a) => a.id),
    sector: event.sectors.map((s) => s.id),
    gate: event.venues.flatMap((v) => v.gates.map((g) => g.id)),
    currency: acceptedCurrencies(event),
  };
}

/** What `after` no longer has of `before`; renaming keeps the id and removes nothing. */
export function removedIds(before: EventConfig, after: EventConfig): Removed {
  const a = idsOf(after);
  const b = idsOf(before);
  const gone = (kind: UseKind) => b[kind].filter((id) => !a[kind].includes(id));
  return { venue: gone('venue'), area: gone('area'), sector: gone('sector'), gate: gone('gate'), currency: gone('currency') };
}

export function nothingRemoved(removed: Removed): boolean {
  return Object.values(removed).every((ids) => ids.length === 0);
}

/** A sentence naming each use, for the 409 answer. */
export function describeUses(uses: EventUse[]): string {
  return uses
    .map((u) => {
      const parts = [u.signings > 0 ? `${u.signings} signing${u.signings === 1 ? '' : 's'}` : '', u.gateHours > 0 ? `${u.gateHours} gate-hour${u.gateHours === 1 ? '' : 's'} of attendance` : '']
        .filter(Boolean)
        .join(' and ');
      return `${u.kind} "${u.id}" is used by ${parts}`;
    })
    .join('; ');
}

const MAX_CHANGED = 200;

/** Every leaf value that differs, as dotted paths (`venues.2.capacity`), at most 200. */
export function changedPaths(before: unknown, after: unknown): Array<{ field: string; before: unknown; after: unknown }> {
  const out: Array<{ field: string; before: unknown; after: unknown }> = [];
  const walk = (b: unknown, a: unknown, path: string) => {
    if (out.length >= MAX_CHANGED) return;
    const container = (v: unknown) => typeof v === 'object' && v !== null;
    if (container(b) && container(a) && Array.isArray(b) === Array.isArray(a)) {
      const keys = new Set([...Object.keys(b as object), ...Object.keys(a as object)]);
      for (const key of keys) walk((b as Record<string, unknown>)[key], (a as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field: path, before: b ?? null, after: a ?? null });
  };
  walk(before, after, '');
  return out;
}

/** The event with its exhibitor and country counts taken from the imported list, when there is one. */
export function withListCounts(event: EventConfig, counts: { exhibitors: number; countriesAndRegions: number } | null): EventConfig {
  if (!counts || counts.exhibitors === 0) return event;
  return { ...event, facts: { ...event.facts, exhibitors: counts.exhibitors, countriesAndRegions: counts.countriesAndRegions } };
}

/** Which field of a signing names each kind of id (gates are not on signings). */
export const SIGNING_FIELD: Partial<Record<UseKind, 'venueId' | 'areaId' | 'sector' | 'currency'>> = {
  venue: 'venueId',
  area: 'areaId',
  sector: 'sector',
  currency: 'currency',
};

/** One edit of the event in the audit log (`GET /api/v1/audit`): who, when, and each path that changed. */
export interface EventAuditEntry extends AuditHead<'event.updated'> {
  title: string;
  version: number;
  changed: Array<{ field: string; before: unknown; after: unknown }>;
}

export function eventAuditEntry(change: { seq: number; at: string; actor: string; event: EventConfig; previous: EventConfig; version: number; reason?: string }): EventAuditEntry {
  return {
    ...auditHead('event.updated', change),
    title: `${change.event.name.en} v${change.version}`,
    version: change.version,
    changed: changedPaths(change.previous, change.event),
  };
}
