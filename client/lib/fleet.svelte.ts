import { io, type Socket } from 'socket.io-client';
import {
  displaySearchFor,
  FLEET_NAMESPACE,
  FleetEvents,
  HEARTBEAT_MS,
  type FleetClientToServer,
  type FleetServerToClient,
  type RegisterAnswer,
  type Registration,
  type ScreenState,
  type TimedMessage,
} from '../../shared/fleet.js';
import { backoffDelay, reconnectAfterServerDisconnect, type Backoff } from './reconnect.js';
import { RECOVERY_AUTH } from '../../shared/live.js';

const TOKEN_KEY = 'pavilion.displayToken';
const SCREEN_KEY = 'pavilion.screenId';
/** Registering again after the server's list was full: room frees up as screens go offline. */
const REGISTER_BACKOFF: Backoff = { firstMs: 15_000, maxMs: 300_000, stableMs: 0 };

/** What the screen tells the fleet about its figures. */
export interface SeqSource {
  readonly seq: number;
}

/** The build this page runs: the hashed name of its entry script changes with every build. */
function buildId(): string {
  const src = document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src ?? '';
  return src.split('/').pop()?.slice(0, 100) || 'dev';
}

/** Chromium reports the JS heap; other browsers do not. */
function heapBytes(): number | null {
  // performance.memory is a non-standard Chromium extension, absent from the DOM types.
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? memory.usedJSHeapSize : null;
}

/**
 * A display's membership of the screen fleet: registers, sends heartbeats, and holds what
 * organizers want shown. A display token given once as `?token=` is kept in localStorage
 * and taken out of the URL; from then on the screen is pinned to its token's profile.
 */
export class FleetScreen {
  state = $state.raw<ScreenState | null>(null);
  announcement = $state<string | null>(null);
  spotlight = $state<string | null>(null);
  readonly #socket: Socket<FleetServerToClient, FleetClientToServer>;
  readonly #startedAt = Date.now();
  readonly #beat: ReturnType<typeof setInterval>;
  #timers: Array<ReturnType<typeof setTimeout>> = [];
  readonly #stopReconnecting: () => void;
  #registerRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly live: SeqSource) {
    const token = this.#takeToken();
    const params = new URLSearchParams(location.search);
    const screenId = params.get('screen') ?? this.#storedScreenId();
    const registration = (): Registration => ({
      screenId,
      name: (params.get('name') ?? screenId).slice(0, 100),
      venue: params.get('venue'),
      resolution: { width: screen.width, height: screen.height },
      build: buildId(),
      ...this.#vitals(),
    });
    this.#socket = io(location.origin + FLEET_NAMESPACE, { transports: ['websocket'], auth: { ...RECOVERY_AUTH, ...(token ? { token } : {}) } });
    const register = (attempt: number) => {
      this.#socket.emit(FleetEvents.register, registration(), (answer) => this.#registered(answer, () => register(attempt + 1), attempt));
    };
    this.#socket.on('connect', () => {
      clearTimeout(this.#registerRetry);
      register(0);
    });
    this.#stopReconnecting = reconnectAfterServerDisconnect(this.#socket);
    this.#socket.on(FleetEvents.state, (state) => this.#apply(state));
    this.#socket.on(FleetEvents.reload, () => location.reload());
    this.#beat = setInterval(() => this.#socket.emit(FleetEvents.heartbeat, this.#vitals()), HEARTBEAT_MS);
  }

  get blank(): boolean {
    return this.state?.blank ?? false;
  }

  destroy(): void {
    clearInterval(this.#beat);
    clearTimeout(this.#registerRetry);
    this.#stopReconnecting();
    this.#timers.forEach(clearTimeout);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  #vitals() {
    return { uptimeSeconds: (Date.now() - this.#startedAt) / 1000, lastSeq: this.live.seq, heapBytes: heapBytes() };
  }

  /** A full list (`unavailable`) may have room later; the screen shows its URL's figures meanwhile. */
  #registered(answer: RegisterAnswer, again: () => void, attempt: number): void {
    if (!('error' in answer) || answer.error.code !== 'unavailable') return;
    clearTimeout(this.#registerRetry);
    this.#registerRetry = setTimeout(() => {
      if (this.#socket.connected) again();
    }, backoffDelay(attempt, REGISTER_BACKOFF, Math.random()));
  }

  #apply(state: ScreenState): void {
    const search = displaySearchFor(location.search, state.profile, state.pinned);
    if (search !== null) {
      // The display reads its options once at start; a new profile means a fresh start.
      location.replace(location.pathname + search);
      return;
    }
    this.state = state;
    this.#timers.forEach(clearTimeout);
    this.#timers = [];
    this.announcement = this.#timed(state.announcement, () => (this.announcement = null));
    this.spotlight = this.#timed(state.spotlight, () => (this.spotlight = null));
  }

  /** Timed by the screen's own clock from `remainingMs`, since screen clocks drift. */
  #timed(message: TimedMessage | null, end: () => void): string | null {
    if (!message) return null;
    this.#timers.push(setTimeout(end, message.remainingMs));
    return message.text;
  }

  #takeToken(): string | null {
    const url = new URL(location.href);
    const fromUrl = url.searchParams.get('token');
    if (fromUrl) {
      localStorage.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete('token');
      history.replaceState(history.state, '', url.pathname + url.search);
    }
    return fromUrl ?? localStorage.getItem(TOKEN_KEY);
  }

  #storedScreenId(): string {
    let id = localStorage.getItem(SCREEN_KEY);
    if (!id) {
      id = `scr-${crypto.randomUUID().slice(0, 8)}`;
      localStorage.setItem(SCREEN_KEY, id);
    }
    return id;
  }
}
