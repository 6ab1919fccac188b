import { FLEET_PREVIEW_MESSAGE, type FleetPreviewMessage } from '../../shared/fleet.js';
import { ScreenOverlay } from '../lib/screen-overlay.svelte.js';

function isPreviewMessage(data: unknown): data is FleetPreviewMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === FLEET_PREVIEW_MESSAGE && typeof (data as { state?: unknown }).state === 'object';
}

/**
 * A display in preview mode (`?preview=1`, the fleet page's miniature): it never joins the
 * fleet, so it takes the screen's state from the page that frames it, and only from a page
 * of this same origin.
 */
export class PreviewState extends ScreenOverlay {
  readonly #listener = (e: MessageEvent) => {
    if (e.origin !== location.origin || e.source !== window.parent || !isPreviewMessage(e.data)) return;
    this.show(e.data.state);
  };

  constructor() {
    super();
    window.addEventListener('message', this.#listener);
  }

  destroy(): void {
    window.removeEventListener('message', this.#listener);
    this.stopTimers();
  }
}
