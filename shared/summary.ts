import type { AttendanceSummary } from './attendance.js';
// Types only: the summary must not load zod (the display's charts use it).
import type { Signing } from './signing.js';
import type { CeremonyPublic } from './ceremonies.js';
import { localHourKey } from './time.js';

/** Only published signings count towards totals and appear on screens. */
export function isCounted(signing: Pick<Signing, 'status'> | null | undefined): boolean {
  return signing?.status === 'published';
}

export interface Totals {
  count: number;
  /** Whole yuan. */
  amountCny: number;
}

/** Live totals. Each breakdown lists only keys with at least one counted signing. */
export interface Summary {
  /** The last change these figures include. */
  seq: number;
  signings: Totals;
  byVenue: Record<string, Totals>;
  byArea: Record<string, Totals>;
  bySector: Record<string, Totals>;
  byCountry: Record<string, Totals>;
  /** By event-local day, YYYY-MM-DD. */
  byDay: Record<string, Totals>;
  /** By event-local hour, YYYY-MM-DDTHH: the cumulative investment chart is drawn from it. */
  byHour: Record<string, Totals>;
  /** Null until a gate has reported. */
  attendance: AttendanceSummary | null;
  /** Started signing ceremonies' public state (shared/ceremonies.ts); absent while there are none. */
  ceremonies?: CeremonyPublic[];
}

export function emptySummary(): Summary {
  return {
    seq: 0,
    signings: { count: 0, amountCny: 0 },
    byVenue: {},
    byArea: {},
    bySector: {},
    byCountry: {},
    byDay: {},
    byHour: {},
    attendance: null,
  };
}

function addTo(bucket: Record<string, Totals>, key: string, amountCny: number, sign: 1 | -1): void {
  const totals = bucket[key] ?? { count: 0, amountCny: 0 };
  totals.count += sign;
  totals.amountCny += sign * amountCny;
  if (totals.count === 0) delete bucket[key];
  else bucket[key] = totals;
}

type Countable = Pick<Signing, 'status' | 'amountCny' | 'venueId' | 'areaId' | 'sector' | 'investorCountry' | 'signedAt'>;

/** Adds (+1) or removes (-1) one signing from the totals, in place. */
export function addSigning(summary: Summary, signing: Countable, sign: 1 | -1, timeZone: string): void {
  const amount = signing.amountCny;
  summary.signings.count += sign;
  summary.signings.amountCny += sign * amount;
  addTo(summary.byVenue, signing.venueId, amount, sign);
  addTo(summary.byArea, signing.areaId, amount, sign);
  addTo(summary.bySector, signing.sector, amount, sign);
  addTo(summary.byCountry, signing.investorCountry, amount, sign);
  const hour = localHourKey(signing.signedAt, timeZone);
  addTo(summary.byDay, hour.slice(0, 10), amount, sign);
  addTo(summary.byHour, hour, amount, sign);
}

/**
 * Moves the totals from one version of a signing to the next, in place. Either side may be
 * null (created, or never counted); drafts and voided versions count for nothing.
 */
export function applySigningChange(
  summary: Summary,
  before: Countable | null,
  after: Countable | null,
  timeZone: string,
): void {
  if (isCounted(before)) addSigning(summary, before!, -1, timeZone);
  if (isCounted(after)) addSigning(summary, after!, 1, timeZone);
}

/** Totals recomputed from scratch: the reference the live totals must always equal. */
export function summarize(signings: Iterable<Countable>, timeZone: string): Summary {
  const summary = emptySummary();
  for (const s of signings) applySigningChange(summary, null, s, timeZone);
  return summary;
}
