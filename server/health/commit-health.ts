import type { CommitOutcomes } from '../store/committer.js';

/**
 * Whether writes are failing, for /readyz. A commit that succeeds ends the failure at once.
 * Without writes the failure fades after `holdMs`: an instance taken out of the balancer's
 * rotation would otherwise never receive the write that shows it works again (the next failed
 * write marks it unready once more).
 */
export class CommitHealth implements CommitOutcomes {
  #failedAt: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly holdMs = 30_000,
  ) {}

  committed(): void {
    this.#failedAt = undefined;
  }

  failed(): void {
    this.#failedAt = this.now();
  }

  get failing(): boolean {
    return this.#failedAt !== undefined && this.now() - this.#failedAt < this.holdMs;
  }
}
