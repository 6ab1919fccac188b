/**
 * The duplicate rule the desk warns by before saving: the same investor and partner, an
 * amount within 1 %, entered in the last 24 hours. Used by the server's check and by the
 * desk for what its own outbox still holds.
 */
import type { Signing } from './signing.js';

export const DUPLICATE_WINDOW_MS = 24 * 3600_000;
export const DUPLICATE_AMOUNT_TOLERANCE = 0.01;

/** What a new entry is compared by. */
export interface DuplicateProbe {
  investor: string;
  partner: string;
  amountCny: number;
}

/** Names as people retype them: case, spacing and full-width letters do not make another company. */
export const sameName = (a: string, b: string): boolean => normName(a) === normName(b);

function normName(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

export function isLikelyDuplicate(
  probe: DuplicateProbe,
  other: Pick<Signing, 'investor' | 'partner' | 'amountCny' | 'createdAt' | 'status'>,
  now: Date,
): boolean {
  if (other.status === 'voided') return false;
  const age = now.getTime() - Date.parse(other.createdAt);
  if (!(age >= 0 && age <= DUPLICATE_WINDOW_MS)) return false;
  const larger = Math.max(probe.amountCny, other.amountCny);
  return (
    sameName(probe.investor, other.investor) &&
    sameName(probe.partner, other.partner) &&
    Math.abs(probe.amountCny - other.amountCny) <= DUPLICATE_AMOUNT_TOLERANCE * larger
  );
}
