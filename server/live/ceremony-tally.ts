import { LIVE_CEREMONIES, type CeremonyPublic } from '../../shared/ceremonies.js';
import { publicSigning, type PublicSigning, type Signing } from '../../shared/signing.js';
import { isCounted } from '../../shared/summary.js';
import type { CeremonyState } from '../store/ceremony-types.js';

interface Tallied {
  state: CeremonyState;
  /** Each signed item's signing as it counts now; null while it does not count (held, voided). */
  signings: Map<string, PublicSigning | null>;
}

/**
 * The public state of started ceremonies, folded from the same changes as the event's
 * totals: a ceremony's total is what its signings add to the totals, whatever happens to them
 * later (held and released, corrected, voided), so the two always agree.
 */
export class CeremonyTally {
  readonly #ceremonies = new Map<string, Tallied>();
  /** Which ceremony each signing belongs to. */
  readonly #owner = new Map<string, string>();

  /** `counted`: the counted signings at the start, by id. */
  constructor(states: readonly CeremonyState[] = [], counted: ReadonlyMap<string, Signing> = new Map()) {
    for (const state of states) this.applyState(state, (id) => counted.get(id));
  }

  get size(): number {
    return this.#ceremonies.size;
  }

  /** A ceremony change: its status, counts and signings. */
  applyState(state: CeremonyState, lookup: (signingId: string) => Signing | undefined = () => undefined): void {
    const before = this.#ceremonies.get(state.id);
    const signings = new Map<string, PublicSigning | null>();
    for (const id of state.signingIds) {
      const known = before?.signings.get(id);
      const found = known === undefined ? lookup(id) : undefined;
      signings.set(id, known !== undefined ? known : found && isCounted(found) ? publicSigning(found) : null);
      this.#owner.set(id, state.id);
    }
    for (const id of before?.signings.keys() ?? []) if (!signings.has(id)) this.#owner.delete(id);
    this.#ceremonies.set(state.id, { state, signings });
  }

  /** A signing change; true when it moved a ceremony's figures. */
  applySigning(signing: Signing): boolean {
    const owner = this.#owner.get(signing.id);
    const tallied = owner === undefined ? undefined : this.#ceremonies.get(owner);
    if (!tallied) return false;
    tallied.signings.set(signing.id, isCounted(signing) ? publicSigning(signing) : null);
    return true;
  }

  /** Running ceremonies first, then the latest finished ones, at most LIVE_CEREMONIES. */
  view(): CeremonyPublic[] {
    const all = [...this.#ceremonies.values()].map(({ state, signings }) => publicState(state, signings));
    const running = all.filter((c) => c.status === 'running');
    const finished = all.filter((c) => c.status === 'finished').sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
    return [...running, ...finished].slice(0, Math.max(LIVE_CEREMONIES, running.length));
  }
}

function publicState(state: CeremonyState, signings: ReadonlyMap<string, PublicSigning | null>): CeremonyPublic {
  let totalCny = 0;
  let count = 0;
  let latest: PublicSigning | null = null;
  for (const s of signings.values()) {
    if (!s) continue;
    totalCny += s.amountCny;
    count += 1;
    if (!latest || s.signedAt > latest.signedAt || (s.signedAt === latest.signedAt && s.createdAt > latest.createdAt)) latest = s;
  }
  return { id: state.id, title: state.title, status: state.status, signed: state.signed, planned: state.planned, totalCny, count, latest, startedAt: state.startedAt };
}
