import type { EditionLine } from '../../shared/edition-points.js';
import { ApiError, getJson } from '../lib/http.js';

const RETRY_MS = 30_000;

/**
 * The archived edition a screen compares with (`?compare=`), fetched once: archives are
 * read-only. A screen switched on before the server keeps trying; an unknown id gives up, and
 * the chart shows the live line alone.
 */
export class ComparisonLoader {
  line = $state.raw<EditionLine | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(id: string | null) {
    if (id) void this.#load(id);
  }

  destroy(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #load(id: string): Promise<void> {
    try {
      const line = await getJson<EditionLine>(`/editions/${encodeURIComponent(id)}/points`);
      if (!this.#closed) this.line = line;
    } catch (error) {
      if (this.#closed || (error instanceof ApiError && error.status === 404)) return;
      this.#timer = setTimeout(() => void this.#load(id), RETRY_MS);
    }
  }
}
