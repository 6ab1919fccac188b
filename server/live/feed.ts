import type { Store } from '../store/types.js';
import type { Change } from '../store/operations.js';

/**
 * Hands changes to the hub strictly in seq order. Changes this process committed arrive
 * in order already; when a change arrives after a gap (committed elsewhere, or missed),
 * the missing ones are read back from the store first.
 */
export class ChangeFeed {
  #catchingUp: Promise<void> | undefined;
  #readAgain = false;

  constructor(
    private readonly store: Store,
    private readonly target: { readonly seq: number; apply(changes: Change[]): void },
    private readonly onError: (error: unknown) => void,
  ) {}

  push(changes: Change[]): void {
    const first = changes[0];
    if (!first) return;
    if (!this.#catchingUp && first.seq <= this.target.seq + 1) {
      this.target.apply(changes);
      return;
    }
    void this.catchUp();
  }

  /** Reads and applies everything after the target's seq; safe to call at any time. */
  catchUp(): Promise<void> {
    this.#readAgain = true;
    this.#catchingUp ??= this.#readForward();
    return this.#catchingUp;
  }

  async #readForward(): Promise<void> {
    try {
      while (this.#readAgain) {
        this.#readAgain = false;
        for (;;) {
          const changes = await this.store.changesSince(this.target.seq, 5000);
          if (changes.length === 0) break;
          this.target.apply(changes);
        }
      }
    } catch (error) {
      this.onError(error);
    } finally {
      // Cleared in the same turn as the last check, so no push can slip between them.
      this.#catchingUp = undefined;
    }
  }
}
