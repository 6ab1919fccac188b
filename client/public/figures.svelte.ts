import type { PublicEvent, PublicSummary } from '../../shared/public.js';
import { PUBLIC_EVENT_PATH, PUBLIC_POLL_MS, PUBLIC_SUMMARY_PATH } from '../../shared/public-contract.js';

export type FiguresStatus = 'loading' | 'live' | 'stale';

/** After this long without a good answer the page says its figures may be old. */
const STALE_AFTER_MS = 3 * PUBLIC_POLL_MS;

/**
 * The public figures, polled with their ETag: a phone that already has the current figures
 * gets a 304 of a few bytes, and a CDN answers most polls without asking Pavilion. No socket:
 * a million phones on sockets would need hundreds of instances, on a CDN they need none.
 * Polling pauses while the page is hidden.
 */
export class PublicFigures {
  summary = $state.raw<PublicSummary | null>(null);
  event = $state.raw<PublicEvent | null>(null);
  status = $state<FiguresStatus>('loading');
  /** Date.now() of the last answer, 200 or 304. */
  lastHeardAt = $state(0);

  #etag: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #onVisibility = () => {
    if (document.visibilityState === 'visible') this.#poll();
  };

  constructor(private readonly origin = '') {
    void this.#loadEvent();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#poll();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  async #loadEvent(): Promise<void> {
    try {
      const res = await fetch(this.origin + PUBLIC_EVENT_PATH);
      if (res.ok) this.event = (await res.json()) as PublicEvent;
    } catch {
      // The figures still show; names fall back to ids.
    }
  }

  #poll = async (): Promise<void> => {
    clearTimeout(this.#timer);
    if (this.#closed) return;
    try {
      // no-store: this code keeps the tag and the figures; the browser's cache would only add a second copy.
      const res = await fetch(this.origin + PUBLIC_SUMMARY_PATH, { cache: 'no-store', headers: this.#etag ? { 'If-None-Match': this.#etag } : {} });
      if (res.status === 200) {
        this.summary = (await res.json()) as PublicSummary;
        this.#etag = res.headers.get('ETag') ?? undefined;
      }
      if (res.status === 200 || res.status === 304) {
        this.lastHeardAt = Date.now();
        this.status = 'live';
      }
    } catch {
      // Offline for a moment: keep the figures, say so below.
    }
    if (this.status === 'live' && Date.now() - this.lastHeardAt > STALE_AFTER_MS) this.status = 'stale';
    if (!this.#closed && document.visibilityState !== 'hidden') this.#timer = setTimeout(this.#poll, PUBLIC_POLL_MS);
  };
}
