import { createHash } from 'node:crypto';
import { UNDO_REASON, UNDO_WINDOW_MS, type SignAllAnswer, type SignAnswer } from '../../shared/ceremonies.js';
import type { Signing } from '../../shared/signing.js';
import type { CountedStats } from '../../shared/signing-limits.js';
import { HttpError } from '../http/errors.js';
import { newSigning } from '../signings/create.js';
import type { CeremonyRef, CeremonyRefusal, CeremonyResult, ItemDefinition } from '../store/ceremony-types.js';
import type { IdempotencyMismatch } from '../store/operations.js';
import type { Actor } from '../auth/actor.js';
import type { AppParts } from '../app-parts.js';

export interface SignDeps extends Pick<AppParts, 'committer' | 'event' | 'now'> {
  counted: () => CountedStats;
}

const REFUSALS: Record<CeremonyRefusal, string> = {
  'not-running': 'start the ceremony before signing (or after finishing it, start it again)',
  'already-signed': 'this item is signed already',
  'not-signed': 'this item is not signed',
  'window-passed': `undo is possible for ${UNDO_WINDOW_MS / 60_000} minutes after signing; void the signing instead`,
};

/** What a sign request stands for: the same key for another item is another request. */
function signHash(ceremonyId: string, itemId: string): string {
  return createHash('sha256').update(`ceremony:${ceremonyId}:item:${itemId}`).digest('hex');
}

function refused(result: IdempotencyMismatch | Extract<CeremonyResult, { type: 'ceremony.refused' }>): never {
  if (result.type === 'ceremony.refused') throw new HttpError('conflict', REFUSALS[result.reason]);
  throw new HttpError('idempotency_mismatch', 'Idempotency-Key was already used for another item', { 'Idempotency-Key': 'already used with another item' });
}

/**
 * One item becomes a signing, published at `now` unless the amount limits hold it. One write
 * through the group committer: a replay with the same key answers the first signing.
 */
export async function signItem(deps: SignDeps, actor: Actor, ref: CeremonyRef, item: ItemDefinition, key: string): Promise<SignAnswer & { replayed: boolean }> {
  const signing = newSigning({ ...item.input }, deps.event, actor, deps.now(), deps.counted());
  const result = await deps.committer.submit({
    type: 'ceremony.sign',
    ceremony: ref,
    itemId: item.id,
    idempotencyKey: key,
    requestHash: signHash(ref.id, item.id),
    signing,
    actor: actor.name,
  });
  if (result.type === 'signing.created' || result.type === 'signing.replayed') {
    return { signing: result.signing, seq: result.seq, replayed: result.type === 'signing.replayed' };
  }
  return refused(result);
}

/**
 * Signs the remaining items in order, each in its own transaction: after a crash every item is
 * signed once or still planned, and the same request again (same key) answers the items it
 * signed before and signs the rest. Items signed otherwise meanwhile are left out.
 */
export async function signAll(deps: SignDeps, actor: Actor, ref: CeremonyRef, items: readonly ItemDefinition[], key: string): Promise<SignAllAnswer> {
  const answer: SignAllAnswer = { items: [], seq: 0 };
  for (const item of items) {
    try {
      const { signing, seq } = await signItem(deps, actor, ref, item, `${key}:sign-all:${item.id}`);
      answer.items.push({ itemId: item.id, signing, seq });
      answer.seq = Math.max(answer.seq, seq);
    } catch (error) {
      if (error instanceof HttpError && error.message === REFUSALS['already-signed']) continue;
      throw error;
    }
  }
  return answer;
}

/** Takes the item's signing out of the totals ("undone on stage") and returns the item to planned. */
export async function undoItem(deps: SignDeps, actor: Actor, ref: CeremonyRef, itemId: string): Promise<{ signing: Signing; seq: number }> {
  const now = deps.now();
  const result = await deps.committer.submit({
    type: 'ceremony.undo',
    ceremony: ref,
    itemId,
    signedSince: new Date(now.getTime() - UNDO_WINDOW_MS).toISOString(),
    reason: UNDO_REASON,
    at: now.toISOString(),
    actor: actor.name,
  });
  if (result.type === 'signing.revised') return { signing: result.signing, seq: result.seq };
  return refused(result);
}

/** Starts, finishes, or (null) re-announces the counts of a ceremony. */
export async function setStatus(deps: SignDeps, actor: Actor, ref: CeremonyRef, status: 'running' | 'finished' | null): Promise<number> {
  const result = await deps.committer.submit({ type: 'ceremony.status', ceremony: ref, status, at: deps.now().toISOString(), actor: actor.name });
  if (result.type === 'ceremony.updated') return result.seq;
  return refused(result);
}
