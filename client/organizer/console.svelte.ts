import { hasFilters, type SigningsPage, type SummaryResponse } from '../../shared/organizer.js';
import type { Summary } from '../../shared/summary.js';
import type { LiveConnection } from '../lib/live.svelte.js';
import { getJson } from '../lib/http.js';
import { joined } from '../lib/i18n/index.js';
import { errorText } from '../lib/i18n/errors.js';
import { summaryParams, tableParams, viewFromSearch, viewToSearch, type ViewState } from './view-state.js';

export const PAGE_SIZE = 20;
/** Live changes arrive in bursts; the filtered figures and the table follow at most this often. */
const REFRESH_MS = 300;
/** How long a row that just arrived stays highlighted. */
const FRESH_MS = 4000;

/**
 * The state of the /organizer overview: the view (kept in the URL), the figures it shows and
 * the table page. Unfiltered live figures come straight from the socket; filtered or past
 * ones from the organizer API, refetched after each live change.
 */
export class OrganizerView {
  view = $state<ViewState>(viewFromSearch(location.search));
  table = $state.raw<SigningsPage | null>(null);
  /** Ids of table rows that appeared with the last live refresh. */
  fresh = $state.raw<ReadonlySet<string>>(new Set());
  firstChangeAt = $state<string | null>(null);
  error = $state<string | null>(null);
  #fetched = $state.raw<Summary | null>(null);
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #freshTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #unsubscribe: () => void;

  constructor(private readonly live: LiveConnection) {
    this.#unsubscribe = live.onChanges(() => this.#liveChanged());
    void this.refresh(false);
  }

  /** Whether the figures are the socket's own, with nothing to fetch. */
  get isPlainLive(): boolean {
    return this.view.at === null && !hasFilters(this.view.filters);
  }

  get summary(): Summary | null {
    if (this.isPlainLive || !this.#fetched) return this.isPlainLive ? this.live.summary : null;
    // Attendance is not filtered by signing fields; live, it comes straight from the socket.
    if (this.view.at === null && this.live.summary) return { ...this.#fetched, attendance: this.live.summary.attendance };
    return this.#fetched;
  }

  update(patch: Partial<ViewState>): void {
    const resetsPage = 'filters' in patch || 'q' in patch || 'sort' in patch || 'dir' in patch || 'at' in patch;
    this.view = { ...this.view, ...(resetsPage ? { page: 1 } : {}), ...patch };
    history.replaceState(history.state, '', location.pathname + viewToSearch(this.view));
    void this.refresh(false);
  }

  async refresh(fromLive: boolean): Promise<void> {
    const request = ++this.#request;
    const view = this.view;
    try {
      const [summary, table] = await Promise.all([
        getJson<SummaryResponse>('/organizer/summary', summaryParams(view)),
        getJson<SigningsPage>('/organizer/signings', tableParams(view, PAGE_SIZE)),
      ]);
      if (request !== this.#request) return;
      const before = new Set(this.table?.items.map((s) => s.id));
      this.#fetched = summary.summary;
      this.firstChangeAt = summary.firstChangeAt;
      this.table = table;
      this.error = null;
      if (fromLive) this.#markFresh(table.items.filter((s) => !before.has(s.id)).map((s) => s.id));
    } catch (error) {
      if (request === this.#request) this.error = joined(errorText(error), ' / ');
    }
  }

  destroy(): void {
    this.#unsubscribe();
    clearTimeout(this.#timer);
    clearTimeout(this.#freshTimer);
  }

  #liveChanged(): void {
    // A past moment does not move; everything else follows the live figures.
    if (this.view.at !== null) return;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.refresh(true);
    }, REFRESH_MS);
  }

  #markFresh(ids: string[]): void {
    if (ids.length === 0) return;
    this.fresh = new Set(ids);
    clearTimeout(this.#freshTimer);
    this.#freshTimer = setTimeout(() => (this.fresh = new Set()), FRESH_MS);
  }
}
