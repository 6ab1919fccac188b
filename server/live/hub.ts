import type { Namespace, Socket } from 'socket.io';
import type { AttendanceDelta } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import {
  LiveEvents,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SigningChange,
  type Snapshot,
} from '../../shared/live.js';
import { publicSigning, type PublicSigning, type Signing } from '../../shared/signing.js';
import { CountedAmounts, type CountedStats } from '../../shared/signing-limits.js';
import { applySigningChange, isCounted, type Summary } from '../../shared/summary.js';
import { AttendanceLedger } from '../attendance/ledger.js';
import { afterPendingBroadcasts } from './paced-broadcasts.js';
import type { Change, SigningChangeRecord } from '../store/types.js';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

export interface HubOptions {
  /** Signing changes within this window go out as one message. */
  signingFrameMs: number;
  /** Attendance-only updates go out at most this often. */
  attendanceFrameMs: number;
  heartbeatMs: number;
  /** Signings kept for the ticker in a snapshot. */
  recentLimit: number;
  /** The clock "today" is read from; attendance figures roll over at event-local midnight. */
  now: () => Date;
  /** A screen with more than this waiting to be sent skips frames until it has caught up. */
  maxUnsentBytes: number;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  signingFrameMs: 50,
  attendanceFrameMs: 500,
  heartbeatMs: 5000,
  recentLimit: 50,
  now: () => new Date(),
  // About 15 s of frames at an opening-ceremony pace, after the kernel's own buffers are full.
  maxUnsentBytes: 1024 * 1024,
};

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

/**
 * The live totals of this process and their broadcast. Changes are applied in seq order;
 * screens receive them in frames so that the cost per screen does not grow with the rate
 * of changes.
 */
export class LiveHub {
  #summary: Summary;
  #recent: PublicSigning[] = [];
  #pendingSignings: SigningChange[] = [];
  #attendanceDirty = false;
  /** A change screens must not see moved `seq`: the next frame still says so. */
  #seqMovedQuietly = false;
  readonly #countedAmounts: CountedAmounts;
  readonly #attendance: AttendanceLedger;
  #lastBroadcastSeq: number;
  #lastFlushAt = 0;
  #frameTimer: NodeJS.Timeout | undefined;
  #frameDueAt = Infinity;
  /** The next frame waits until the previous one has been written to every screen. */
  #awaitingDelivery = false;
  #framesSkipped = 0;
  #behind: string[] = [];
  #behindCheckedAt = 0;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly event: EventConfig,
    seed: { summary: Summary; recent: Signing[]; attendance?: AttendanceDelta },
    private readonly options: HubOptions = DEFAULT_HUB_OPTIONS,
  ) {
    this.#summary = seed.summary;
    this.#recent = seed.recent.slice(0, options.recentLimit).map(publicSigning);
    this.#countedAmounts = new CountedAmounts(seed.recent.map((s) => s.amountCny));
    this.#lastBroadcastSeq = seed.summary.seq;
    this.#attendance = new AttendanceLedger(event, seed.attendance);
    this.#summary.attendance = this.#attendance.view(options.now());
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#heartbeat.unref();
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

  /** Frames not sent to a screen that was behind, counted per screen. */
  get framesSkipped(): number {
    return this.#framesSkipped;
  }

  snapshot(): Snapshot {
    return {
      seq: this.#summary.seq,
      summary: this.#summary,
      recentSignings: this.#recent,
      serverTime: this.options.now().toISOString(),
    };
  }

  /** Applies committed changes; they must follow on from `seq` (the feed sees to it). */
  apply(changes: Change[]): void {
    let attendance = false;
    for (const change of changes) {
      if (change.seq <= this.#summary.seq) continue;
      switch (change.type) {
        case 'attendance':
          this.#attendance.apply(change.delta);
          attendance = true;
          break;
        default:
          this.#applySigning(change);
      }
      this.#summary.seq = change.seq;
    }
    if (attendance) this.#refreshAttendance();
    this.#scheduleFrame();
  }

  close(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#frameTimer);
  }

  #applySigning(change: SigningChangeRecord): void {
    applySigningChange(this.#summary, change.previous, change.signing, this.event.timeZone);
    if (isCounted(change.previous)) this.#countedAmounts.remove(change.previous!.amountCny);
    if (isCounted(change.signing)) this.#countedAmounts.add(change.signing.amountCny);
    const wire = screenChange(change);
    if (!wire) {
      this.#seqMovedQuietly = true;
      return;
    }
    const others = this.#recent.filter((s) => s.id !== wire.signing.id);
    if (wire.type !== LiveEvents.signingVoided) {
      others.push(wire.signing);
      others.sort((a, b) => (a.signedAt < b.signedAt ? 1 : a.signedAt > b.signedAt ? -1 : 0));
    }
    this.#recent = others.slice(0, this.options.recentLimit);
    this.#pendingSignings.push(wire);
  }

  /** Recomputes "today" from the clock; after local midnight the figures start the new day. */
  checkDayRollover(): void {
    const day = this.#summary.attendance?.day;
    if (day !== undefined && this.#attendance.view(this.options.now())?.day !== day) this.#refreshAttendance();
  }

  #refreshAttendance(): void {
    this.#summary.attendance = this.#attendance.view(this.options.now());
    this.markAttendanceChanged();
  }

  /** Marks attendance figures as changed; they ride along the next frame. */
  markAttendanceChanged(): void {
    this.#attendanceDirty = true;
    this.#scheduleFrame();
  }

  #scheduleFrame(): void {
    if (this.#awaitingDelivery) return;
    if (this.#pendingSignings.length === 0 && !this.#attendanceDirty && !this.#seqMovedQuietly) return;
    const interval = this.#pendingSignings.length > 0 ? this.options.signingFrameMs : this.options.attendanceFrameMs;
    const dueAt = Math.max(Date.now(), this.#lastFlushAt + interval);
    if (this.#frameTimer && this.#frameDueAt <= dueAt) return;
    clearTimeout(this.#frameTimer);
    this.#frameDueAt = dueAt;
    this.#frameTimer = setTimeout(() => this.#flush(), dueAt - Date.now());
  }

  #flush(): void {
    this.#frameTimer = undefined;
    this.#frameDueAt = Infinity;
    // When screens cannot be written as fast as frames come, frames grow instead of piling up.
    this.#awaitingDelivery = afterPendingBroadcasts(this.nsp.adapter, () => {
      this.#awaitingDelivery = false;
      this.#flush();
    });
    if (this.#awaitingDelivery) return;
    this.#lastFlushAt = Date.now();
    const sequence = { seq: this.#summary.seq, prevSeq: this.#lastBroadcastSeq };
    const changes = this.#pendingSignings;
    this.#pendingSignings = [];
    this.#attendanceDirty = false;
    this.#seqMovedQuietly = false;
    this.#lastBroadcastSeq = sequence.seq;
    const behind = this.#screensBehind();
    const local = behind.length > 0 ? this.nsp.local.except(behind) : this.nsp.local;
    const [only] = changes;
    if (changes.length === 1 && only) {
      local.emit(only.type, { ...sequence, signing: only.signing, summary: this.#summary });
    } else if (changes.length > 1) {
      local.emit(LiveEvents.signingBatch, { ...sequence, changes, summary: this.#summary });
    } else {
      local.emit(LiveEvents.attendanceUpdated, { ...sequence, attendance: this.#summary.attendance });
    }
  }

  /**
   * Screens whose connection holds more than `maxUnsentBytes` not yet sent: the peer reads
   * slower than frames come, and another frame would only pile up in this process. They skip
   * frames until they have caught up; the next one they get does not follow on from their seq,
   * so they ask for a snapshot and show the latest figures, not minutes-old ones. Looking at
   * every screen takes milliseconds with 10,000 of them, so it is done at most every 250 ms,
   * not at every frame.
   */
  #screensBehind(): string[] {
    const now = Date.now();
    if (now - this.#behindCheckedAt >= BEHIND_CHECK_MS) {
      this.#behindCheckedAt = now;
      const limit = this.options.maxUnsentBytes;
      this.#behind = [];
      for (const socket of this.nsp.sockets.values()) if (unsentBytes(socket, limit) > limit) this.#behind.push(socket.id);
    }
    this.#framesSkipped += this.#behind.length;
    return this.#behind;
  }

  #beat(): void {
    this.checkDayRollover();
    this.nsp.local.volatile.emit(LiveEvents.heartbeat, { seq: this.#summary.seq, serverTime: this.options.now().toISOString() });
  }
}

const BEHIND_CHECK_MS = 250;

/** Packets engine.io may hold for a screen before it counts as behind whatever their size: at least 1.6 s of frames. */
const MAX_QUEUED_PACKETS = 32;

/**
 * About how much a screen's connection holds that the kernel has not taken: packets engine.io
 * queues while a send is pending, plus what `ws` buffers (neither is in the libraries' types).
 * It runs for every screen at every frame, so it looks at a few packets at most. Long-polling
 * screens hold their packets until the next poll, and one that stops polling is dropped by
 * the ping timeout.
 */
function unsentBytes(socket: Socket, limit: number): number {
  const conn = socket.conn as unknown as { writeBuffer?: Array<{ data?: unknown }>; transport: { socket?: { bufferedAmount?: unknown } } };
  const queued = conn.writeBuffer ?? [];
  if (queued.length > MAX_QUEUED_PACKETS) return Infinity;
  const buffered = conn.transport.socket?.bufferedAmount;
  let total = typeof buffered === 'number' ? buffered : 0;
  for (const packet of queued) {
    if (total > limit) break;
    if (typeof packet.data === 'string') total += packet.data.length;
  }
  return total;
}
