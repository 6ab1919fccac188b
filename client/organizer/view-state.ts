import {
  filtersFromParams,
  filtersToParams,
  SIGNING_SORTS,
  type OrganizerFilters,
  type SigningSort,
} from '../../shared/organizer.js';

/** Everything a shared /organizer link restores: filters, the moment, and the table's place. */
export interface ViewState {
  filters: OrganizerFilters;
  /** ISO time for time travel; null for live. */
  at: string | null;
  q: string;
  sort: SigningSort;
  dir: 'asc' | 'desc';
  page: number;
}

export const DEFAULT_VIEW: ViewState = { filters: {}, at: null, q: '', sort: 'signedAt', dir: 'desc', page: 1 };

export function viewFromSearch(search: string): ViewState {
  const p = new URLSearchParams(search);
  const at = p.get('at');
  const sort = p.get('sort') as SigningSort | null;
  const page = Number(p.get('page'));
  return {
    filters: filtersFromParams(p),
    at: at && Number.isFinite(Date.parse(at)) ? new Date(at).toISOString() : null,
    q: (p.get('q') ?? '').slice(0, 100),
    sort: sort && SIGNING_SORTS.includes(sort) ? sort : DEFAULT_VIEW.sort,
    dir: p.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Only what differs from the defaults, so a plain view keeps a plain URL. */
export function viewToSearch(view: ViewState): string {
  const p = filtersToParams(view.filters);
  if (view.at) p.set('at', view.at);
  if (view.q) p.set('q', view.q);
  if (view.sort !== DEFAULT_VIEW.sort) p.set('sort', view.sort);
  if (view.dir !== DEFAULT_VIEW.dir) p.set('dir', view.dir);
  if (view.page !== 1) p.set('page', String(view.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The query the API routes take for the figures (filters and moment). */
export function summaryParams(view: ViewState): URLSearchParams {
  const p = filtersToParams(view.filters);
  if (view.at) p.set('at', view.at);
  return p;
}

export function tableParams(view: ViewState, pageSize: number): URLSearchParams {
  const p = summaryParams(view);
  if (view.q) p.set('q', view.q);
  p.set('sort', view.sort);
  p.set('dir', view.dir);
  p.set('page', String(view.page));
  p.set('pageSize', String(pageSize));
  return p;
}
