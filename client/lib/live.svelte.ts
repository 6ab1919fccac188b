import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  LiveEvents,
  RECOVERY_AUTH,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SigningChange,
  type SigningChangeType,
  type SigningMessage,
} from '../../shared/live.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Summary } from '../../shared/summary.js';
import type { PublicSigning } from '../../shared/signing.js';
import { reconnectAfterServerDisconnect } from './reconnect.js';
import { applyFrame, fromSnapshot, type Frame, type LiveState } from './sequence.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

const RECENT_LIMIT = 50;

/**
 * The one owner of the `/live` socket in a page: it keeps the figures in seq order,
 * resyncs from a snapshot after a gap or a reconnect, and tells listeners about new changes.
 */
export class LiveConnection {
  status = $state<ConnectionStatus>('connecting');
  /** Null until the first snapshot. */
  summary = $state.raw<Summary | null>(null);
  recent = $state.raw<PublicSigning[]>([]);
  seq = $state(0);
  /** Date.now() of the last message from the server, heartbeats included. */
  lastHeardAt = $state(0);
  /** Date.now() of the last change to the figures. */
  lastUpdateAt = $state(0);
  /** The event as the server serves it now, with its version; null until the first snapshot's event has been read. */
  event = $state.raw<(EventConfig & { version: number }) | null>(null);

  #state: LiveState | undefined;
  #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #listeners = new Set<(changes: SigningChange[]) => void>();
  readonly #stopReconnecting: () => void;

  constructor(private readonly origin: string = location.origin) {
    // Long-polling first, upgraded to WebSocket when the network lets it (docs/KIOSK.md, proxies).
    this.#socket = io(origin + LIVE_NAMESPACE, { auth: { ...RECOVERY_AUTH } });
    const s = this.#socket;
    s.on('connect', () => (this.status = 'live'));
    s.on('disconnect', () => (this.status = 'reconnecting'));
    s.io.on('reconnect_attempt', () => (this.status = 'reconnecting'));
    this.#stopReconnecting = reconnectAfterServerDisconnect(s);
    s.on(LiveEvents.snapshot, (snapshot) => {
      this.#heard();
      this.#set(fromSnapshot(snapshot));
      // A screen that was away during an edit (or just started) reads the event it missed.
      if (snapshot.eventVersion > (this.event?.version ?? 0)) void this.#readEvent();
    });
    s.on(LiveEvents.eventUpdated, (m) => {
      this.#heard();
      if (m.version > (this.event?.version ?? 0)) this.event = { ...m.event, version: m.version };
    });
    const single = (type: SigningChangeType) => (m: SigningMessage) =>
      this.#frame({ ...m, changes: [{ type, seq: m.seq, signing: m.signing }] });
    s.on(LiveEvents.signingCreated, single(LiveEvents.signingCreated));
    s.on(LiveEvents.signingUpdated, single(LiveEvents.signingUpdated));
    s.on(LiveEvents.signingVoided, single(LiveEvents.signingVoided));
    s.on(LiveEvents.signingBatch, (m) => this.#frame(m));
    s.on(LiveEvents.attendanceUpdated, (m) => this.#frame({ ...m, changes: [], attendance: m.attendance }));
    // A ceremony's state alone (started, finished): the whole summary, as a signing frame carries it.
    s.on(LiveEvents.ceremonyUpdated, (m) => this.#frame({ ...m, changes: [] }));
    s.on(LiveEvents.heartbeat, (beat) => {
      this.#heard();
      // A heartbeat ahead of us means a message was lost on the way.
      if (this.#state && beat.seq > this.#state.seq) this.#socket.emit(LiveEvents.snapshotRequest);
    });
  }

  /** Called with the signing changes of each new frame, in seq order. Returns an unsubscribe. */
  onChanges(listener: (changes: SigningChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#stopReconnecting();
    this.#listeners.clear();
    this.#socket.removeAllListeners();
    this.#socket.io.removeAllListeners();
    this.#socket.disconnect();
  }

  async #readEvent(): Promise<void> {
    try {
      const res = await fetch(`${this.origin}/api/v1/event`);
      if (!res.ok) return;
      const event = (await res.json()) as EventConfig & { version: number };
      if (event.version > (this.event?.version ?? 0)) this.event = event;
    } catch {
      // The next snapshot tries again; until then the page keeps the event it has.
    }
  }

  #heard(): void {
    this.lastHeardAt = Date.now();
  }

  #frame(frame: Frame): void {
    this.#heard();
    if (!this.#state) return;
    const outcome = applyFrame(this.#state, frame, RECENT_LIMIT);
    if (outcome.kind === 'gap') {
      this.#socket.emit(LiveEvents.snapshotRequest);
      return;
    }
    if (outcome.kind === 'stale') return;
    this.#set(outcome.state);
    if (outcome.fresh.length > 0) this.#listeners.forEach((l) => l(outcome.fresh));
  }

  #set(state: LiveState): void {
    if (this.#state && state.seq < this.#state.seq) return;
    this.#state = state;
    this.seq = state.seq;
    this.summary = state.summary;
    this.recent = state.recent;
    this.lastUpdateAt = Date.now();
  }
}
