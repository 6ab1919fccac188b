/** What the full-screen takeover shows next: signings in turn, bursts summarised, nothing dropped silently. */
import type { SigningChange } from '../../shared/live.js';
import { LiveEvents } from '../../shared/live.js';
import type { PublicSigning } from '../../shared/signing.js';
import type { Milestone } from './milestones.js';

export interface BurstSummary {
  count: number;
  amountCny: number;
  /** Distinct investor countries, at most a handful for the flags row. */
  countries: string[];
}

export type TakeoverCard =
  | { kind: 'signing'; signing: PublicSigning }
  | { kind: 'burst'; burst: BurstSummary }
  | { kind: 'milestone'; milestone: Milestone };

/** Signings waiting for their own card; past this they are folded into one burst card. */
export const MAX_SIGNING_CARDS = 4;
/** More than this many new signings in one frame are shown as a burst straight away. */
export const BURST_THRESHOLD = 3;
const MAX_MILESTONES = 4;
const MAX_FLAGS = 8;

export class TakeoverQueue {
  #cards: TakeoverCard[] = [];

  get length(): number {
    return this.#cards.length;
  }

  /** New changes of one frame, in seq order. */
  push(changes: readonly SigningChange[]): void {
    for (const c of changes) if (c.type !== LiveEvents.signingCreated) this.#forget(c.signing);
    const created = changes.filter((c) => c.type === LiveEvents.signingCreated && c.signing.status === 'published');
    const signingCards = this.#cards.filter((c) => c.kind === 'signing').length;
    const room = created.length > BURST_THRESHOLD ? 0 : Math.max(0, MAX_SIGNING_CARDS - signingCards);
    created.slice(0, room).forEach((c) => this.#cards.push({ kind: 'signing', signing: c.signing }));
    const rest = created.slice(room).map((c) => c.signing);
    if (rest.length > 0) this.#addToBurst(rest);
  }

  pushMilestone(milestone: Milestone): void {
    if (this.#cards.filter((c) => c.kind === 'milestone').length >= MAX_MILESTONES) return;
    this.#cards.push({ kind: 'milestone', milestone });
  }

  next(): TakeoverCard | undefined {
    return this.#cards.shift();
  }

  clear(): void {
    this.#cards = [];
  }

  /** An updated or voided signing that has not been shown yet no longer gets a card. */
  #forget(signing: PublicSigning): void {
    if (signing.status === 'published') {
      this.#cards = this.#cards.map((c) => (c.kind === 'signing' && c.signing.id === signing.id ? { kind: 'signing', signing } : c));
    } else {
      this.#cards = this.#cards.filter((c) => !(c.kind === 'signing' && c.signing.id === signing.id));
    }
  }

  /** One pending burst card at most: later signings join it. */
  #addToBurst(signings: PublicSigning[]): void {
    let card = this.#cards.find((c): c is Extract<TakeoverCard, { kind: 'burst' }> => c.kind === 'burst');
    if (!card) {
      card = { kind: 'burst', burst: { count: 0, amountCny: 0, countries: [] } };
      this.#cards.push(card);
    }
    const burst = card.burst;
    for (const s of signings) {
      burst.count += 1;
      burst.amountCny += s.amountCny;
      if (burst.countries.length < MAX_FLAGS && !burst.countries.includes(s.investorCountry)) burst.countries.push(s.investorCountry);
    }
  }
}
