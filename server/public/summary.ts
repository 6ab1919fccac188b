import { createHash } from 'node:crypto';
import type { EventConfig } from '../../shared/event-config.js';
import type { Snapshot } from '../../shared/live.js';
import { PUBLIC_LATEST_LIMIT, publicEventSchema, publicSummarySchema, type PublicEvent, type PublicSummary } from '../../shared/public.js';
import { isCounted } from '../../shared/summary.js';

/** A public body ready to send: its bytes and its strong validator. */
export interface PublicBody {
  json: Buffer;
  etag: string;
}

/** The live figures cut down to what the public may see; the schema drops every other key. */
export function publicSummary(snapshot: Snapshot, event: EventConfig): PublicSummary {
  const { summary } = snapshot;
  const attendance = summary.attendance && { day: summary.attendance.day, total: summary.attendance.total, byVenue: summary.attendance.byVenue };
  return publicSummarySchema.parse({
    seq: snapshot.seq,
    signings: summary.signings,
    byVenue: summary.byVenue,
    byArea: summary.byArea,
    bySector: summary.bySector,
    targets: event.targets,
    attendance,
    // Only counted signings ever reach the hub's list; the filter keeps it so if that changes.
    latestSignings: snapshot.recentSignings.filter(isCounted).slice(0, PUBLIC_LATEST_LIMIT),
  });
}

export function publicEvent(event: EventConfig): PublicEvent {
  return publicEventSchema.parse(event);
}

/**
 * A strong ETag: the seq, so that a reader of logs sees which figures a viewer holds, and a
 * hash of the bytes, since the same seq can carry other bytes (today's attendance rolls over
 * at midnight without a change; a rehearsal and the live data set both start at seq 0).
 */
export function bodyOf(value: unknown, seq?: number): PublicBody {
  const json = Buffer.from(JSON.stringify(value));
  const hash = createHash('sha256').update(json).digest('base64url').slice(0, 16);
  return { json, etag: `"${seq === undefined ? '' : `${seq}-`}${hash}"` };
}

/**
 * The public summary, serialized once per version of the figures: thousands of viewers a
 * second then cost a comparison, not a JSON encoding each.
 */
export class PublicSummaryCache {
  #key = '';
  #body: PublicBody | undefined;

  constructor(
    private readonly snapshot: () => Snapshot,
    private readonly event: EventConfig,
  ) {}

  current(seq: number, day: string | undefined): PublicBody {
    const key = `${seq}/${day ?? ''}`;
    if (this.#body && key === this.#key) return this.#body;
    const snapshot = this.snapshot();
    this.#body = bodyOf(publicSummary(snapshot, this.event), snapshot.seq);
    this.#key = key;
    return this.#body;
  }
}

/** If-None-Match against our ETag, with the weak comparison RFC 9110 prescribes for it. */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}
