import { heapBytes, LAST_RELOAD_KEY } from '../lib/fleet.svelte.js';
import { DEFAULT_HEAP_LIMIT_MB, nextQuietReload, reloadDue, staggerMs, type ReloadReason } from './self-care.js';

/** How often a screen checks whether it should reload. */
const CHECK_MS = 15_000;
/** How soon a due reload looks again while a card is on screen. */
const BUSY_RETRY_MS = 500;

export interface CareSource {
  /** Null until the event file has loaded. */
  timeZone(): string | null;
  quietHour(): string;
  /** Something that must not be cut is on screen (a takeover card). */
  busy(): boolean;
}

/**
 * A screen that looks after itself for days: it reloads once a night at its quiet hour, and
 * when its heap passes a bound, each time at a moment without a takeover card. The reason is
 * kept in localStorage and reported to the fleet by the next page.
 */
export class SelfCare {
  readonly #startedAt = Date.now();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #stagger: number;
  #quiet: { hour: string; zone: string; at: number } | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    screenId: string,
    private readonly source: CareSource,
    private readonly heapLimitBytes = DEFAULT_HEAP_LIMIT_MB * 1_048_576,
    private readonly reload: () => void = () => location.reload(),
  ) {
    this.#stagger = staggerMs(screenId);
    this.#timer = setInterval(() => this.check(), CHECK_MS);
  }

  destroy(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
  }

  /** The reload due now, if any, done; exposed for the timer and for tests. */
  check(): ReloadReason | null {
    const zone = this.source.timeZone();
    if (!zone) return null;
    const hour = this.source.quietHour();
    // Counted from the page's start: a page that just reloaded waits for the next night.
    if (!this.#quiet || this.#quiet.hour !== hour || this.#quiet.zone !== zone) {
      this.#quiet = { hour, zone, at: nextQuietReload(this.#startedAt, zone, hour, this.#stagger) };
    }
    const heap = heapBytes();
    const input = { now: Date.now(), startedAt: this.#startedAt, quietAt: this.#quiet.at, heapBytes: heap, heapLimitBytes: this.heapLimitBytes };
    const reason = reloadDue({ ...input, busy: this.source.busy() });
    if (!reason && reloadDue({ ...input, busy: false })) {
      // Due, but a card is on screen: the next moment without one, not the next check.
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => this.check(), BUSY_RETRY_MS);
    }
    if (reason) {
      localStorage.setItem(LAST_RELOAD_KEY, JSON.stringify({ at: new Date().toISOString(), reason, heapBytes: heap }));
      this.destroy();
      this.reload();
    }
    return reason;
  }
}
