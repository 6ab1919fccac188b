import { io, type Socket } from 'socket.io-client';
import { DeskEvents, DESK_NAMESPACE, type DeskClientToServerEvents, type DeskServerToClientEvents } from '../../shared/desk.js';
import type { Signing } from '../../shared/signing.js';

/**
 * Follows every signing change, drafts and held ones included, on `/desk` (the session
 * cookie goes with the handshake). Returns a function that stops following.
 */
export function followDesk(onChange: (signing: Signing) => void): () => void {
  const socket: Socket<DeskServerToClientEvents, DeskClientToServerEvents> = io(location.origin + DESK_NAMESPACE, {
    withCredentials: true,
  });
  socket.on(DeskEvents.signingChanged, (change) => onChange(change.signing));
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}

/** The desk's list with one signing changed: replaced where it was, or added on top. */
export function withChange(list: readonly Signing[], signing: Signing, limit: number): Signing[] {
  const at = list.findIndex((s) => s.id === signing.id);
  if (at < 0) return [signing, ...list].slice(0, limit);
  if (list[at]!.version > signing.version) return [...list];
  return list.map((s, i) => (i === at ? signing : s));
}
