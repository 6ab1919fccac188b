import {
  hasFilters,
  matchesFilters,
  matchesSearch,
  type OrganizerFilters,
  type SigningSort,
  type SigningsQuery,
} from '../../shared/organizer.js';
import type { Signing } from '../../shared/signing.js';
import { summarize, type Summary } from '../../shared/summary.js';

export function filterSignings(signings: Iterable<Signing>, filters: OrganizerFilters, q: string | undefined, timeZone: string): Signing[] {
  const out: Signing[] = [];
  for (const s of signings) if (matchesFilters(s, filters, timeZone) && matchesSearch(s, q)) out.push(s);
  return out;
}

function compare(a: Signing, b: Signing, sort: SigningSort): number {
  const x = a[sort];
  const y = b[sort];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

/**
 * One page of the table. Ties are broken by id so that a page boundary never moves when
 * equal values are re-sorted, which keeps a live table from shuffling under the reader.
 */
export function pageOf(rows: Signing[], query: Pick<SigningsQuery, 'sort' | 'dir' | 'page' | 'pageSize'>) {
  const sign = query.dir === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => sign * compare(a, b, query.sort) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const start = (query.page - 1) * query.pageSize;
  return { items: sorted.slice(start, start + query.pageSize), total: rows.length };
}

/** The totals of the signings that pass the filters; attendance is left to the caller. */
export function filteredSummary(signings: Iterable<Signing>, filters: OrganizerFilters, timeZone: string): Summary {
  return summarize(hasFilters(filters) ? filterSignings(signings, filters, undefined, timeZone) : signings, timeZone);
}
