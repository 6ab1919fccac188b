/**
 * The few places Pavilion reads Socket.IO or engine.io internals that their types do not
 * show. Each is kept here, small, with a test (tests/unit/socket-internals.test.ts) that
 * fails loudly when an upgrade moves them, instead of backpressure or memory quietly going.
 */
import type { Socket } from 'socket.io';

/** Packets engine.io may hold for a screen before it counts as behind whatever their size: at least 1.6 s of frames. */
export const MAX_QUEUED_PACKETS = 32;

interface ConnectionInternals {
  /** Packets engine.io queued while a send is pending. */
  writeBuffer?: Array<{ data?: unknown }>;
  /** What `ws` has buffered that the kernel has not taken (WebSocket transport only). */
  transport: { socket?: { bufferedAmount?: unknown } };
  /** The HTTP request that opened the connection, kept for the connection's life. */
  request: unknown;
}

const internals = (socket: Socket) => socket.conn as unknown as ConnectionInternals;

/**
 * About how much a screen's connection holds that the kernel has not taken. It runs for every
 * screen at every frame, so it looks at a few packets at most. Long-polling screens hold their
 * packets until the next poll, and one that stops polling is dropped by the ping timeout.
 */
export function unsentBytes(socket: Socket, limit: number): number {
  const conn = internals(socket);
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

/**
 * Engine.io keeps each connection's first HTTP request for as long as it lives: a few KB per
 * screen, for days. Nothing reads it once this handshake is built (other namespaces use only
 * the handshake's auth), so it is let go, as Socket.IO's memory notes suggest.
 */
export function forgetUpgradeRequest(socket: Socket): void {
  internals(socket).request = null;
}

/** Whether the internals above are where this code expects them, for the test that guards upgrades. */
export function internalsPresent(socket: Socket): { writeBuffer: boolean; bufferedAmount: boolean; request: boolean } {
  const conn = internals(socket);
  return {
    writeBuffer: Array.isArray(conn.writeBuffer),
    bufferedAmount: typeof conn.transport.socket?.bufferedAmount === 'number',
    request: 'request' in conn,
  };
}
