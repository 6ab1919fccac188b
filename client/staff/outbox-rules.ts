/**
 * The outbox's pure rules: what each queued write sends, how long to wait before trying it
 * again, and whether a 409 on a replay means "done already" or a real conflict.
 */
import type { Signing, SigningInput } from '../../shared/signing.js';

/** A desk write, as stored until the server acknowledges it. */
export type OutboxOp =
  | { kind: 'create'; input: SigningInput }
  | { kind: 'edit'; id: string; version: number; input: SigningInput; reason: string; base: Signing }
  | { kind: 'void'; id: string; version: number; reason: string; base: Signing }
  | { kind: 'verify' | 'release'; id: string; version: number; base: Signing };

export type OpKind = OutboxOp['kind'];

/** A hung request is given up after this long and tried again later; the others go on meanwhile. */
export const WRITE_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/** 1 s, 2 s, 4 s … up to 30 s, with ±20 % jitter so that desks reconnecting together spread out. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface OpRequest {
  method: 'POST' | 'PATCH';
  path: string;
  body: unknown;
}

/** The API call a queued write stands for. Edits, voids and confirmations carry the version they were made against. */
export function opRequest(op: OutboxOp): OpRequest {
  switch (op.kind) {
    case 'create':
      return { method: 'POST', path: '/signings', body: op.input };
    case 'edit':
      return { method: 'PATCH', path: `/signings/${op.id}`, body: { ...op.input, version: op.version, reason: op.reason } };
    case 'void':
      return { method: 'POST', path: `/signings/${op.id}/void`, body: { reason: op.reason, version: op.version } };
    case 'verify':
    case 'release':
      return { method: 'POST', path: `/signings/${op.id}/${op.kind}`, body: { version: op.version } };
  }
}

/** The title a queued write is about, for the outbox list. */
export function opTitle(op: OutboxOp): string {
  return op.kind === 'create' || op.kind === 'edit' ? op.input.title : op.base.title;
}

const sameInput = (a: SigningInput, s: Signing): boolean =>
  (Object.keys(a) as Array<keyof SigningInput>).every((k) =>
    k === 'signedAt' ? a.signedAt === undefined || Date.parse(a.signedAt) === Date.parse(s.signedAt) : a[k] === s[k],
  );

/**
 * After a 409 on a replay: did the first attempt (whose answer was lost) already do it? The
 * server has the version right after ours and it is what we asked for. Anything else is a
 * conflict the person must see; it is never applied over the other version.
 */
export function alreadyApplied(op: Exclude<OutboxOp, { kind: 'create' }>, current: Signing): boolean {
  if (current.version !== op.version + 1) return op.kind === 'void' && current.status === 'voided' && current.version > op.version;
  switch (op.kind) {
    case 'edit':
      return current.status !== 'voided' && sameInput(op.input, current);
    case 'void':
      return current.status === 'voided';
    case 'verify':
    case 'release':
      return current.status === 'published';
  }
}

/** The fields two versions of a signing differ in, for showing a conflict side by side. */
export function differences(mine: Partial<Signing>, theirs: Signing): Array<keyof Signing> {
  const keys: Array<keyof Signing> = ['title', 'investor', 'investorCountry', 'partner', 'amount', 'currency', 'sector', 'venueId', 'areaId', 'signedAt', 'status'];
  return keys.filter((k) => k in mine && mine[k] !== theirs[k]);
}
