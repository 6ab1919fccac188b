import { io, type Socket } from 'socket.io-client';
import {
  displaySearchFor,
  FLEET_NAMESPACE,
  FleetEvents,
  HEARTBEAT_MS,
  IDENTIFY_MS,
  type FleetClientToServer,
  type FleetServerToClient,
  type IdentifyMessage,
  type PairedMessage,
  type PairingCodeAnswer,
  type RegisterAnswer,
  type Registration,
  type ScreenState,
} from '../../shared/fleet.js';
import { ScreenOverlay } from './screen-overlay.svelte.js';
import { backoffDelay, reconnectAfterServerDisconnect, type Backoff } from './reconnect.js';
import { RECOVERY_AUTH } from '../../shared/live.js';

const TOKEN_KEY = 'pavilion.displayToken';
const SCREEN_KEY = 'pavilion.screenId';
/** The screen's last reload by itself, for the fleet page: `{ at, reason, heapBytes }`. */
export const LAST_RELOAD_KEY = 'pavilion.lastReload';
/** A just-paired screen's name and until when to show it, across the restart its profile may cause. */
const PAIRED_KEY = 'pavilion.paired';
/** What the server says when a stored display token was revoked. */
const INVALID_TOKEN = 'invalid display token';
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
export function heapBytes(): number | null {
  // performance.memory is a non-standard Chromium extension, absent from the DOM types.
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  // A faked `performance` (Playwright's clock) has `memory` without figures.
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : null;
}

/**
 * A display's membership of the screen fleet: registers, sends heartbeats, and holds what
 * organizers want shown. A display token given once as `?token=` is kept in localStorage
 * and taken out of the URL; from then on the screen is pinned to its token's profile.
 */
export class FleetScreen extends ScreenOverlay {
  /** The code to show while the screen has no identity (no display token, nothing in its URL). */
  pairingCode = $state<string | null>(null);
  /** True from start while the screen has no identity: it shows the pairing code, not figures. */
  unpaired = $state(false);
  /** Shown full-screen: by an identify command, or the name of a screen just paired. */
  identity = $state.raw<(IdentifyMessage & { resolution: string; paired: boolean }) | null>(null);
  readonly screenId: string;
  #identityTimer: ReturnType<typeof setTimeout> | undefined;
  #codeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #socket: Socket<FleetServerToClient, FleetClientToServer>;
  readonly #startedAt = Date.now();
  readonly #beat: ReturnType<typeof setInterval>;
  readonly #stopReconnecting: () => void;
  #registerRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly live: SeqSource) {
    super();
    const token = this.#takeToken();
    const params = new URLSearchParams(location.search);
    const screenId = params.get('screen') ?? this.#storedScreenId();
    this.screenId = screenId;
    // A display set up by its URL keeps working as before; a bare /display asks to be paired.
    this.unpaired = !token && [...params.keys()].length === 0;
    const registration = (): Registration => ({
      screenId,
      name: (params.get('name') ?? screenId).slice(0, 100),
      venue: params.get('venue'),
      resolution: { width: screen.width, height: screen.height },
      build: buildId(),
      ...this.#vitals(),
      lastReload: lastReload(),
    });
    // Long-polling first, upgraded to WebSocket when the network lets it: a proxy that
    // refuses upgrades leaves the screen on polling rather than dark.
    this.#socket = io(location.origin + FLEET_NAMESPACE, { auth: { ...RECOVERY_AUTH, ...(token ? { token } : {}) } });
    const register = (attempt: number) => {
      this.#socket.emit(FleetEvents.register, registration(), (answer) => {
        this.#registered(answer, () => register(attempt + 1), attempt);
        if (!('error' in answer) && this.unpaired) this.#askForCode();
      });
    };
    this.#socket.on('connect', () => {
      clearTimeout(this.#registerRetry);
      register(0);
    });
    this.#socket.on('connect_error', (error) => {
      // The token was revoked (the screen was forgotten): back to pairing.
      if (error.message !== INVALID_TOKEN) return;
      localStorage.removeItem(TOKEN_KEY);
      this.#socket.auth = { ...RECOVERY_AUTH };
      this.unpaired = [...params.keys()].length === 0;
      this.#socket.connect();
    });
    this.#stopReconnecting = reconnectAfterServerDisconnect(this.#socket);
    this.#socket.on(FleetEvents.state, (state, ack) => {
      ack?.(true);
      this.#apply(state);
    });
    this.#socket.on(FleetEvents.reload, (ack) => {
      ack?.(true);
      location.reload();
    });
    this.#socket.on(FleetEvents.identify, (message, ack) => {
      ack?.(true);
      this.#identify(message, false, IDENTIFY_MS);
    });
    this.#socket.on(FleetEvents.paired, (message) => this.#paired(message));
    this.#beat = setInterval(() => this.#socket.emit(FleetEvents.heartbeat, this.#vitals()), HEARTBEAT_MS);
    this.#showPairedName();
  }

  destroy(): void {
    clearInterval(this.#beat);
    clearTimeout(this.#registerRetry);
    this.#stopReconnecting();
    this.stopTimers();
    clearTimeout(this.#identityTimer);
    clearTimeout(this.#codeTimer);
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

  #askForCode(): void {
    clearTimeout(this.#codeTimer);
    this.#socket.emit(FleetEvents.pairingCode, (answer: PairingCodeAnswer) => {
      if ('error' in answer) return;
      this.pairingCode = answer.code;
      // A fresh code before this one expires.
      this.#codeTimer = setTimeout(() => {
        if (this.unpaired && this.#socket.connected) this.#askForCode();
      }, Math.max(1000, answer.remainingMs - 5000));
    });
  }

  /**
   * Keeps the credential and starts again as the paired screen, which then shows its new name.
   * A fresh start rather than a reconnect: a reconnect may resume the unpaired session
   * (connection-state recovery skips the token check), and the start is what every later
   * reboot does.
   */
  #paired(message: PairedMessage): void {
    const { token, ...shown } = message;
    localStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(PAIRED_KEY, JSON.stringify({ ...shown, until: Date.now() + IDENTIFY_MS }));
    clearTimeout(this.#codeTimer);
    this.#showPairedName();
    location.reload();
  }

  /** After pairing, and after the restart a profile may cause, the name stays up for the rest of its 10 s. */
  #showPairedName(): void {
    const raw = sessionStorage.getItem(PAIRED_KEY);
    if (!raw) return;
    try {
      const shown = JSON.parse(raw) as IdentifyMessage & { until: number };
      const left = shown.until - Date.now();
      if (left > 0) this.#identify(shown, true, left);
      else sessionStorage.removeItem(PAIRED_KEY);
    } catch {
      sessionStorage.removeItem(PAIRED_KEY);
    }
  }

  #identify(message: IdentifyMessage, paired: boolean, ms: number): void {
    clearTimeout(this.#identityTimer);
    const { screenId, name, venue } = message;
    this.identity = { screenId, name, venue, resolution: `${screen.width}×${screen.height}`, paired };
    this.#identityTimer = setTimeout(() => (this.identity = null), ms);
  }

  #apply(state: ScreenState): void {
    // A screen waiting to be paired keeps its code on screen whatever the fleet assigns.
    const search = this.unpaired ? null : displaySearchFor(location.search, state.profile, state.pinned, state.saver);
    if (search !== null) {
      // The display reads its options once at start; a new profile means a fresh start.
      location.replace(location.pathname + search);
      return;
    }
    this.show(state);
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

function lastReload(): Registration['lastReload'] {
  try {
    const raw = localStorage.getItem(LAST_RELOAD_KEY);
    return raw ? (JSON.parse(raw) as Registration['lastReload']) : null;
  } catch {
    return null;
  }
}
