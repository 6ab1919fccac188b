import type { Namespace } from 'socket.io';
import { DeskEvents, DESK_NAMESPACE, type DeskClientToServerEvents, type DeskServerToClientEvents } from '../../shared/desk.js';
import { can } from '../../shared/roles.js';
import { socketActor } from '../auth/middleware.js';
import type { Store } from '../store/types.js';
import type { Change } from '../store/operations.js';

type DeskNamespace = Namespace<DeskClientToServerEvents, DeskServerToClientEvents>;

/** Only these callers hear of drafts and held signings as they happen. */
const DESK_PERMISSION = 'signing:read-all';

/**
 * `/desk`: every signing change, drafts and held ones included, for signed-in staff and
 * organizers. Each instance tells its own desks what its feed applies, so a change is heard
 * once whichever instance committed it.
 */
export function serveDeskNamespace(io: { of(name: string): Namespace }, store: Store, now: () => Date): { apply(changes: Change[]): void } {
  const nsp = io.of(DESK_NAMESPACE) as DeskNamespace;
  nsp.use((socket, next) => {
    socketActor(store, socket.handshake, now())
      .then((actor) => next(actor && can(actor.role, DESK_PERMISSION) ? undefined : new Error('log in as staff or organizer')))
      .catch(() => next(new Error('log in as staff or organizer')));
  });
  return {
    apply(changes) {
      if (nsp.sockets.size === 0) return;
      for (const change of changes) {
        if (change.type.startsWith('signing.') && 'signing' in change) nsp.local.emit(DeskEvents.signingChanged, { seq: change.seq, signing: change.signing });
      }
    },
  };
}
