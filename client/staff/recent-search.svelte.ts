import type { Signing } from '../../shared/signing.js';

/** Typing pauses this long before the server is asked. */
const PAUSE_MS = 300;

const norm = (t: string) => t.normalize('NFKC').toLowerCase();

/** Rows on this desk matching `query`: what is loaded or queued here, also by who entered it and country code. */
export function localMatches(items: readonly Signing[], query: string): Signing[] {
  const q = norm(query.trim());
  if (!q) return [...items];
  return items.filter((s) => [s.title, s.investor, s.partner, s.createdBy, s.investorCountry].some((t) => norm(t).includes(q)));
}

/** This desk's matches and the server's (every signing, not only the loaded ones), newest first, each once; this desk's copy wins. */
export function mergeMatches(local: readonly Signing[], remote: readonly Signing[] | null): Signing[] {
  const seen = new Set(local.map((s) => s.id));
  return [...local, ...(remote ?? []).filter((s) => !seen.has(s.id))].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The recent list's search over all signings (`GET /signings?q=`). `results` is null while
 * nothing is asked or the server cannot answer (offline): the list then filters what it holds.
 */
export class RecentSearch {
  results = $state.raw<Signing[] | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;
  readonly #find: (query: string) => Promise<Signing[]>;

  constructor(find: (query: string) => Promise<Signing[]>) {
    this.#find = find;
  }

  /** The text in the search box: asked after a pause; an older answer never replaces a newer one. */
  set query(text: string) {
    clearTimeout(this.#timer);
    const q = text.trim();
    const asked = ++this.#asked;
    if (!q) {
      this.results = null;
      return;
    }
    this.#timer = setTimeout(() => {
      this.#find(q).then(
        (found) => asked === this.#asked && (this.results = found),
        () => asked === this.#asked && (this.results = null),
      );
    }, PAUSE_MS);
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.#asked++;
  }
}
