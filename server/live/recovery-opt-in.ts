import type { Namespace, Server } from 'socket.io';
import { Adapter, SessionAwareAdapter, type BroadcastOptions, type SocketId } from 'socket.io-adapter';
import { wantsRecovery } from '../../shared/live.js';

/** Sockets that did not ask for connection-state recovery. No client can join a room itself. */
export const PLAIN_ROOM = 'pavilion:plain';

/** The part of a Socket.IO packet this adapter reads. */
interface Packet {
  type: number;
  data?: unknown[];
}

/**
 * Connection-state recovery for the clients that ask for it, and the contract's exact
 * arguments for everyone else. With recovery on, Socket.IO appends an offset to every
 * broadcast event; the JavaScript client reads it, but a handler written for one argument
 * in another language (python-socketio's `def on_snapshot(data)`) fails on the second.
 * Pavilion's own pages and the bench send `auth: { recovery: true }` (shared/live.ts); every
 * other socket joins `PLAIN_ROOM` and gets each broadcast without the offset. Each
 * broadcast is then encoded twice, once per group, whatever the number of sockets.
 */
export class RecoveryOptInAdapter extends SessionAwareAdapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    const plain: Packet = { ...packet, ...(packet.data ? { data: [...packet.data] } : {}) };
    super.broadcast(packet, { ...opts, except: new Set([...(opts.except ?? []), PLAIN_ROOM]) });
    const targets = this.#plainTargets(opts);
    if (targets) Adapter.prototype.broadcast.call(this, plain, targets);
  }

  /** The plain sockets among a broadcast's targets; undefined when there are none. */
  #plainTargets(opts: BroadcastOptions): BroadcastOptions | undefined {
    const plain = this.rooms.get(PLAIN_ROOM);
    if (!plain || plain.size === 0) return undefined;
    if (opts.rooms.size === 0) return { ...opts, rooms: new Set([PLAIN_ROOM]) };
    // Rooms are a union: the plain members of the named rooms go by their own ids (each socket's room).
    const sids = new Set<SocketId>();
    for (const room of opts.rooms) for (const sid of this.rooms.get(room) ?? []) if (plain.has(sid)) sids.add(sid);
    return sids.size > 0 ? { ...opts, rooms: sids } : undefined;
  }
}

/** Puts every socket of `nsp` that did not ask for recovery into `PLAIN_ROOM`. */
export function sortByRecovery(nsp: Namespace): void {
  nsp.use((socket, next) => {
    if (!wantsRecovery(socket.handshake.auth)) socket.join(PLAIN_ROOM);
    next();
  });
}

/** `sortByRecovery` on every namespace the server creates from now on. */
export function sortNamespacesByRecovery(io: Server<never, never> | Server): void {
  io.on('new_namespace', (nsp: Namespace) => sortByRecovery(nsp));
}
