import { LiveEvents, type SigningChange } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import type { LiveNamespace } from './hub.js';
import type { Pacer } from './paced-broadcasts.js';
import { unsentBytes } from './socket-internals.js';
import type { FoldResult } from './fold.js';

export interface FrameOptions {
  /** Signing changes within this window go out as one message. */
  signingFrameMs: number;
  /** Attendance-only updates go out at most this often. */
  attendanceFrameMs: number;
  /** A screen with more than this waiting to be sent skips frames until it has caught up. */
  maxUnsentBytes: number;
}

const BEHIND_CHECK_MS = 250;

/**
 * Sends what the fold says to this instance's screens, in frames: one message per frame,
 * whatever the rate of changes. The next frame waits until the pacer has written the last one
 * to every screen, so frames grow instead of queueing when screens cannot be written faster.
 */
export class FramePump {
  #pendingSignings: SigningChange[] = [];
  #dirty = false;
  /** A ceremony's public state moved: it goes out at signing pace, not attendance pace. */
  #ceremonies = false;
  #lastBroadcastSeq: number;
  #lastFlushAt = -Infinity;
  #frameTimer: NodeJS.Timeout | undefined;
  #frameDueAt = Infinity;
  #awaitingDelivery = false;
  #framesSkipped = 0;
  #behind: string[] = [];
  #behindCheckedAt = -Infinity;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly pacer: Pacer,
    private readonly figures: { readonly summary: Summary },
    private readonly options: FrameOptions,
  ) {
    this.#lastBroadcastSeq = figures.summary.seq;
  }

  /** Frames not sent to a screen that was behind, counted per screen. */
  get framesSkipped(): number {
    return this.#framesSkipped;
  }

  queue(result: FoldResult): void {
    this.#pendingSignings.push(...result.signings);
    if (result.attendanceChanged || result.seqMovedQuietly) this.#dirty = true;
    if (result.ceremoniesChanged) this.#ceremonies = true;
    this.#schedule();
  }

  /** Attendance figures changed outside a batch of changes (a new day): they ride along the next frame. */
  markAttendanceChanged(): void {
    this.#dirty = true;
    this.#schedule();
  }

  close(): void {
    clearTimeout(this.#frameTimer);
  }

  #schedule(): void {
    if (this.#awaitingDelivery) return;
    if (this.#pendingSignings.length === 0 && !this.#dirty && !this.#ceremonies) return;
    const interval = this.#pendingSignings.length > 0 || this.#ceremonies ? this.options.signingFrameMs : this.options.attendanceFrameMs;
    const dueAt = Math.max(performance.now(), this.#lastFlushAt + interval);
    if (this.#frameTimer && this.#frameDueAt <= dueAt) return;
    clearTimeout(this.#frameTimer);
    this.#frameDueAt = dueAt;
    this.#frameTimer = setTimeout(() => this.#flush(), dueAt - performance.now());
  }

  #flush(): void {
    this.#frameTimer = undefined;
    this.#frameDueAt = Infinity;
    this.#awaitingDelivery = this.pacer.afterPending(() => {
      this.#awaitingDelivery = false;
      this.#flush();
    });
    if (this.#awaitingDelivery) return;
    this.#lastFlushAt = performance.now();
    const { summary } = this.figures;
    const sequence = { seq: summary.seq, prevSeq: this.#lastBroadcastSeq };
    const changes = this.#pendingSignings;
    this.#pendingSignings = [];
    this.#dirty = false;
    const ceremonies = this.#ceremonies;
    this.#ceremonies = false;
    this.#lastBroadcastSeq = sequence.seq;
    const behind = this.#screensBehind();
    const local = behind.length > 0 ? this.nsp.local.except(behind) : this.nsp.local;
    const [only] = changes;
    if (changes.length === 1 && only) {
      local.emit(only.type, { ...sequence, signing: only.signing, summary });
    } else if (changes.length > 1) {
      local.emit(LiveEvents.signingBatch, { ...sequence, changes, summary });
    } else if (ceremonies) {
      // The whole summary: it carries the ceremonies and any attendance of the same frame.
      local.emit(LiveEvents.ceremonyUpdated, { ...sequence, summary });
    } else {
      local.emit(LiveEvents.attendanceUpdated, { ...sequence, attendance: summary.attendance });
    }
  }

  /**
   * Screens whose connection holds more than `maxUnsentBytes` not yet sent: the peer reads
   * slower than frames come, and another frame would only pile up in this process. They skip
   * frames until they have caught up; the next one they get does not follow on from their seq,
   * so they ask for a snapshot and show the latest figures, not minutes-old ones. Looking at
   * every screen takes milliseconds with 10,000 of them, so it is done at most every 250 ms.
   */
  #screensBehind(): string[] {
    const now = performance.now();
    if (now - this.#behindCheckedAt >= BEHIND_CHECK_MS) {
      this.#behindCheckedAt = now;
      const limit = this.options.maxUnsentBytes;
      this.#behind = [];
      for (const socket of this.nsp.sockets.values()) if (unsentBytes(socket, limit) > limit) this.#behind.push(socket.id);
    }
    this.#framesSkipped += this.#behind.length;
    return this.#behind;
  }
}
