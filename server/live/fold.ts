import type { AttendanceDelta } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import { LiveEvents, type EventUpdatedMessage, type SigningChange, type Snapshot } from '../../shared/live.js';
import { publicSigning, type PublicSigning, type Signing } from '../../shared/signing.js';
import { CountedAmounts, type CountedStats } from '../../shared/signing-limits.js';
import { applySigningChange, isCounted, type Summary } from '../../shared/summary.js';
import { AttendanceLedger } from '../attendance/ledger.js';
import type { CeremonyState } from '../store/ceremony-types.js';
import { CeremonyTally } from './ceremony-tally.js';
import type { Change, SigningChangeRecord } from '../store/operations.js';

/** What one batch of changes means for the screens. */
export interface FoldResult {
  /** The signing changes screens may hear, in seq order. */
  signings: SigningChange[];
  attendanceChanged: boolean;
  /** A change screens must not see moved `seq`: the next frame must still cover it. */
  seqMovedQuietly: boolean;
  /** A started ceremony's public state moved (`summary.ceremonies`). */
  ceremoniesChanged?: boolean;
  /** The event was edited: screens hear the last version at once. */
  event?: EventUpdatedMessage;
}

export interface FoldSeed {
  summary: Summary;
  /** Counted signings, newest first. */
  recent: Signing[];
  attendance?: AttendanceDelta;
  /** Started ceremonies, as last recorded. */
  ceremonies?: CeremonyState[];
  /** The version of the event the figures start under. */
  eventVersion?: number;
}

/**
 * What screens hear of a signing change: only counted signings leave the server on `/live`.
 * A signing that starts to count is new to the screens (its takeover card plays); one that
 * stops counting goes out as it was last shown, so an uncounted version never does.
 */
export function screenChange(change: Pick<SigningChangeRecord, 'seq' | 'signing' | 'previous'>): SigningChange | null {
  const was = isCounted(change.previous);
  const is = isCounted(change.signing);
  if (is) return { type: was ? LiveEvents.signingUpdated : LiveEvents.signingCreated, seq: change.seq, signing: publicSigning(change.signing) };
  if (!was || !change.previous) return null;
  const { status, version, updatedAt } = change.signing;
  return { type: LiveEvents.signingVoided, seq: change.seq, signing: { ...publicSigning(change.previous), status, version, updatedAt } };
}

const newestFirst = (a: PublicSigning, b: PublicSigning) => (a.signedAt < b.signedAt ? 1 : a.signedAt > b.signedAt ? -1 : 0);

/**
 * The live figures of this process as a fold over the change log: totals, the ticker's recent
 * signings, attendance and "today". No sockets and no timers: the frame pump sends what it
 * says, and tests drive it with changes and a clock.
 */
export class LiveFold {
  readonly #summary: Summary;
  #recent: PublicSigning[];
  readonly #countedAmounts: CountedAmounts;
  readonly #attendance: AttendanceLedger;
  readonly #ceremonies: CeremonyTally;
  #eventVersion: number;

  constructor(
    private readonly event: EventConfig,
    seed: FoldSeed,
    private readonly recentLimit: number,
    now: Date,
  ) {
    this.#summary = seed.summary;
    this.#recent = seed.recent.slice(0, recentLimit).map(publicSigning);
    this.#countedAmounts = new CountedAmounts(seed.recent.map((s) => s.amountCny));
    this.#attendance = new AttendanceLedger(event, seed.attendance);
    this.#ceremonies = new CeremonyTally(seed.ceremonies, new Map(seed.recent.map((s) => [s.id, s])));
    if (this.#ceremonies.size > 0) this.#summary.ceremonies = this.#ceremonies.view();
    this.#eventVersion = seed.eventVersion ?? 1;
    this.#summary.attendance = this.#attendance.view(now);
  }

  get seq(): number {
    return this.#summary.seq;
  }

  get summary(): Summary {
    return this.#summary;
  }

  /** The counted signings' median and count, for the review factor of the amount limits. */
  get countedStats(): CountedStats {
    return this.#countedAmounts.stats;
  }

  snapshot(now: Date): Snapshot {
    return { seq: this.#summary.seq, summary: this.#summary, recentSignings: this.#recent, serverTime: now.toISOString(), eventVersion: this.#eventVersion };
  }

  /** Applies committed changes that follow on from `seq` (the feed sees to it); older ones are skipped. */
  apply(changes: readonly Change[], now: Date): FoldResult {
    const result: FoldResult = { signings: [], attendanceChanged: false, seqMovedQuietly: false };
    for (const change of changes) {
      if (change.seq <= this.#summary.seq) continue;
      if (change.type === 'attendance') {
        this.#attendance.apply(change.delta);
        result.attendanceChanged = true;
      } else if (change.type === 'event.updated') {
        // Capacities may have changed: the attendance view is computed again with the new event.
        if (change.version > this.#eventVersion) {
          this.#eventVersion = change.version;
          result.event = { seq: change.seq, version: change.version, event: change.event };
        }
        result.attendanceChanged = this.#summary.attendance !== null || result.attendanceChanged;
        result.seqMovedQuietly = true;
      } else if (change.type === 'ceremony') {
        this.#ceremonies.applyState(change.ceremony);
        result.ceremoniesChanged = true;
      } else {
        if (this.#ceremonies.applySigning(change.signing)) result.ceremoniesChanged = true;
        const wire = this.#applySigning(change);
        if (wire) result.signings.push(wire);
        else result.seqMovedQuietly = true;
      }
      this.#summary.seq = change.seq;
    }
    if (result.attendanceChanged) this.#summary.attendance = this.#attendance.view(now);
    if (result.ceremoniesChanged) this.#summary.ceremonies = this.#ceremonies.view();
    return result;
  }

  /** Recomputes "today" from the clock; true when local midnight passed and the figures moved to the new day. */
  rollDay(now: Date): boolean {
    const day = this.#summary.attendance?.day;
    if (day === undefined) return false;
    const view = this.#attendance.view(now);
    if (view?.day === day) return false;
    this.#summary.attendance = view;
    return true;
  }

  #applySigning(change: SigningChangeRecord): SigningChange | null {
    applySigningChange(this.#summary, change.previous, change.signing, this.event.timeZone);
    if (isCounted(change.previous)) this.#countedAmounts.remove(change.previous!.amountCny);
    if (isCounted(change.signing)) this.#countedAmounts.add(change.signing.amountCny);
    const wire = screenChange(change);
    if (!wire) return null;
    const others = this.#recent.filter((s) => s.id !== wire.signing.id);
    if (wire.type !== LiveEvents.signingVoided) others.push(wire.signing);
    this.#recent = others.sort(newestFirst).slice(0, this.recentLimit);
    return wire;
  }
}
