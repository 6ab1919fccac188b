/** The part of a socket.io-client socket that reconnecting needs. */
export interface Reconnectable {
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  off(event: 'connect' | 'disconnect', listener?: (...args: never[]) => void): unknown;
  connect(): unknown;
}

export interface Backoff {
  /** Wait before the first attempt after a connection that had lasted. */
  firstMs: number;
  /** The wait doubles with every quick disconnect, up to this. */
  maxMs: number;
  /** A connection that lasted this long starts the doubling over. */
  stableMs: number;
}

export const SCREEN_BACKOFF: Backoff = { firstMs: 1000, maxMs: 60_000, stableMs: 60_000 };

export interface ReconnectClock {
  now(): number;
  /** In [0, 1): spreads the screens of a venue apart, so they do not all come back at once. */
  random(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ReconnectClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The wait before attempt `attempt` (0 first): doubling from `firstMs`, capped, between half and all of it. */
export function backoffDelay(attempt: number, backoff: Backoff, random: number): number {
  const full = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (full / 2) * random);
}

/**
 * socket.io-client reconnects by itself after a lost connection, but not after the server
 * disconnected the socket ("io server disconnect"): a screen would then stay dark until
 * someone reloads it. This connects again after a wait that doubles while the server keeps
 * disconnecting it right away. Returns a function that stops it.
 */
export function reconnectAfterServerDisconnect(socket: Reconnectable, backoff: Backoff = SCREEN_BACKOFF, clock: ReconnectClock = realClock): () => void {
  let attempt = 0;
  let connectedAt: number | null = null;
  let timer: unknown = null;
  const onConnect = () => {
    connectedAt = clock.now();
  };
  const onDisconnect = (reason: string) => {
    if (reason !== 'io server disconnect' || timer !== null) return;
    if (connectedAt !== null && clock.now() - connectedAt >= backoff.stableMs) attempt = 0;
    connectedAt = null;
    timer = clock.setTimeout(() => {
      timer = null;
      socket.connect();
    }, backoffDelay(attempt++, backoff, clock.random()));
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  return () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
  };
}
