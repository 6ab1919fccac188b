import { FLEET_PREVIEW_MESSAGE, type FleetPreviewMessage, type ScreenState, type TimedMessage } from '../../shared/fleet.js';

function isPreviewMessage(data: unknown): data is FleetPreviewMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === FLEET_PREVIEW_MESSAGE && typeof (data as { state?: unknown }).state === 'object';
}

/**
 * A display in preview mode (`?preview=1`, the fleet page's miniature): it never joins the
 * fleet, so it takes the screen's state from the page that frames it, and only from a page
 * of this same origin.
 */
export class PreviewState {
  state = $state.raw<ScreenState | null>(null);
  announcement = $state<string | null>(null);
  spotlight = $state<string | null>(null);
  #timers: Array<ReturnType<typeof setTimeout>> = [];
  readonly #listener = (e: MessageEvent) => {
    if (e.origin !== location.origin || e.source !== window.parent || !isPreviewMessage(e.data)) return;
    this.#apply(e.data.state);
  };

  constructor() {
    window.addEventListener('message', this.#listener);
  }

  get blank(): boolean {
    return this.state?.blank ?? false;
  }

  destroy(): void {
    window.removeEventListener('message', this.#listener);
    this.#timers.forEach(clearTimeout);
  }

  #apply(state: ScreenState): void {
    this.state = state;
    this.#timers.forEach(clearTimeout);
    this.#timers = [];
    this.announcement = this.#timed(state.announcement, () => (this.announcement = null));
    this.spotlight = this.#timed(state.spotlight, () => (this.spotlight = null));
  }

  #timed(message: TimedMessage | null, end: () => void): string | null {
    if (!message || message.remainingMs <= 0) return null;
    this.#timers.push(setTimeout(end, message.remainingMs));
    return message.text;
  }
}
