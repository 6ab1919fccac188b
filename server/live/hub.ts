import type { Namespace } from 'socket.io';
import type { EventConfig } from '../../shared/event-config.js';
import { LiveEvents, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../shared/live.js';
import type { CountedStats } from '../../shared/signing-limits.js';
import type { Summary } from '../../shared/summary.js';
import type { Change } from '../store/operations.js';
import { LiveFold, type FoldSeed } from './fold.js';
import { FramePump, type FrameOptions } from './frames.js';
import type { Pacer } from './paced-broadcasts.js';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

export interface HubOptions extends FrameOptions {
  heartbeatMs: number;
  /** Signings kept for the ticker in a snapshot. */
  recentLimit: number;
  /** The clock "today" is read from; attendance figures roll over at event-local midnight. */
  now: () => Date;
}

export const DEFAULT_HUB_OPTIONS: Omit<HubOptions, 'now'> = {
  signingFrameMs: 50,
  attendanceFrameMs: 500,
  heartbeatMs: 5000,
  recentLimit: 50,
  // About 15 s of frames at an opening-ceremony pace, after the kernel's own buffers are full.
  maxUnsentBytes: 1024 * 1024,
};

/**
 * The live figures of this process and their broadcast: the fold (server/live/fold.ts) says
 * what changed, the frame pump (frames.ts) sends it to this instance's screens, and a
 * heartbeat tells screens the seq and rolls "today" over at local midnight.
 */
export class LiveHub {
  readonly #fold: LiveFold;
  readonly #frames: FramePump;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(
    private readonly nsp: LiveNamespace,
    pacer: Pacer,
    event: EventConfig,
    seed: FoldSeed,
    private readonly options: HubOptions,
  ) {
    this.#fold = new LiveFold(event, seed, options.recentLimit, options.now());
    this.#frames = new FramePump(nsp, pacer, this.#fold, options);
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  get seq(): number {
    return this.#fold.seq;
  }

  get summary(): Summary {
    return this.#fold.summary;
  }

  /** The counted signings' median and count, for the review factor of the amount limits. */
  get countedStats(): CountedStats {
    return this.#fold.countedStats;
  }

  /** Frames not sent to a screen that was behind, counted per screen. */
  get framesSkipped(): number {
    return this.#frames.framesSkipped;
  }

  snapshot(): Snapshot {
    return this.#fold.snapshot(this.options.now());
  }

  /** Applies committed changes; they must follow on from `seq` (the feed sees to it). */
  apply(changes: Change[]): void {
    const result = this.#fold.apply(changes, this.options.now());
    // Rare and small: sent at once rather than framed, ahead of the frame that covers its seq.
    if (result.event) this.nsp.local.emit(LiveEvents.eventUpdated, result.event);
    this.#frames.queue(result);
  }

  /** Recomputes "today" from the clock; after local midnight the figures start the new day. */
  checkDayRollover(): void {
    if (this.#fold.rollDay(this.options.now())) this.#frames.markAttendanceChanged();
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#frames.close();
  }

  #beat(): void {
    this.checkDayRollover();
    this.nsp.local.volatile.emit(LiveEvents.heartbeat, { seq: this.#fold.seq, serverTime: this.options.now().toISOString() });
  }
}
