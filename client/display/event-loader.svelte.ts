import type { EventConfig } from '../../shared/event-config.js';
import { fetchEvent } from '../lib/http.js';

const RETRY_MS = 5000;

/** The event's configuration, fetched until it arrives: a screen switched on before the server keeps trying. */
export class EventLoader {
  event = $state.raw<EventConfig | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor() {
    void this.#load();
  }

  destroy(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #load(): Promise<void> {
    try {
      const event = await fetchEvent();
      if (!this.#closed) this.event = event;
    } catch {
      if (!this.#closed) this.#timer = setTimeout(() => void this.#load(), RETRY_MS);
    }
  }
}
