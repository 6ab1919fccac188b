import { DUPLICATE_WINDOW_MS, isLikelyDuplicate, type DuplicateProbe } from '../../shared/duplicates.js';
import type { Signing } from '../../shared/signing.js';
import type { Store } from '../store/types.js';

const PAGE = 500;
/** A day of a busy expo is a few thousand signings; past this the check stops rather than read the table. */
const MAX_SCANNED = 20_000;

/**
 * Signings of the last 24 hours (drafts and held ones too, not voided) that look like the
 * probe: newest first, read page by page until the window ends.
 */
export async function likelyDuplicates(store: Store, probe: DuplicateProbe, now: Date): Promise<Signing[]> {
  const since = now.getTime() - DUPLICATE_WINDOW_MS;
  const found: Signing[] = [];
  let scanned = 0;
  for (let before: number | undefined; scanned < MAX_SCANNED; ) {
    const page = await store.listSignings({ limit: PAGE, before, includeUncounted: true });
    found.push(...page.items.filter((s) => isLikelyDuplicate(probe, s, now)));
    scanned += page.items.length;
    const oldest = page.items.at(-1);
    if (page.next === undefined || !oldest || Date.parse(oldest.updatedAt) < since) break;
    before = page.next;
  }
  return found;
}
