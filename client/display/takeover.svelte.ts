import type { EventConfig } from '../../shared/event-config.js';
import type { SigningChange } from '../../shared/live.js';
import type { Totals } from '../../shared/summary.js';
import type { LiveConnection } from '../lib/live.svelte.js';
import { crossedMilestones } from './milestones.js';
import { TakeoverQueue, type TakeoverCard } from './takeover-queue.js';

/** Drives the full-screen card: listens for new signings and shows the queue one card at a time. */
export class Takeover {
  current = $state.raw<TakeoverCard | null>(null);
  /** Bumped per card so that a repeated card still restarts its animation. */
  serial = $state(0);

  #queue = new TakeoverQueue();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastTotals: Totals | undefined;
  #unsubscribe: () => void;

  constructor(
    private readonly live: LiveConnection,
    private readonly targets: () => EventConfig['targets'] | undefined,
    private readonly cardMs: number,
  ) {
    this.#unsubscribe = live.onChanges((changes) => this.#onChanges(changes));
  }

  /** The totals milestones are measured from, before any live change arrives. */
  seed(totals: Totals): void {
    this.#lastTotals ??= totals;
  }

  destroy(): void {
    this.#unsubscribe();
    clearTimeout(this.#timer);
    this.#queue.clear();
  }

  #onChanges(changes: SigningChange[]): void {
    this.#queue.push(changes);
    const totals = this.live.summary?.signings;
    const targets = this.targets();
    if (totals && targets && this.#lastTotals) {
      crossedMilestones(this.#lastTotals, totals, targets).forEach((m) => this.#queue.pushMilestone(m));
    }
    if (totals) this.#lastTotals = totals;
    if (!this.current) this.#advance();
  }

  #advance(): void {
    const card = this.#queue.next() ?? null;
    this.current = card;
    this.#timer = undefined;
    if (card) {
      this.serial += 1;
      this.#timer = setTimeout(() => this.#advance(), this.cardMs);
    }
  }
}
