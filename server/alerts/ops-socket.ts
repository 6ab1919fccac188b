import type { Namespace } from 'socket.io';
import { OPS_NAMESPACE, OpsEvents, type Alert, type OpsClientToServerEvents, type OpsServerToClientEvents } from '../../shared/alerts.js';
import { can } from '../../shared/roles.js';
import { socketActor } from '../auth/middleware.js';
import type { Store } from '../store/types.js';

type OpsNamespace = Namespace<OpsClientToServerEvents, OpsServerToClientEvents>;

const EVENT_OF = { raised: OpsEvents.alertRaised, cleared: OpsEvents.alertCleared, acked: OpsEvents.alertAcked } as const;

/**
 * `/ops`: alerts as they are raised, cleared and acknowledged, for people who may read them
 * (a session cookie or a token with `alert:read`). Each transition is published by the
 * instance that stored it; with Redis the adapter carries it to every instance's sockets.
 */
export function serveOpsNamespace(io: { of(name: string): Namespace }, store: Store, now: () => Date) {
  const nsp = io.of(OPS_NAMESPACE) as OpsNamespace;
  nsp.use((socket, next) => {
    socketActor(store, socket.handshake, now())
      .then((actor) => next(actor && can(actor.role, 'alert:read') ? undefined : new Error('log in as organizer or admin')))
      .catch(() => next(new Error('log in as organizer or admin')));
  });
  return {
    nsp,
    publish(event: keyof typeof EVENT_OF, alert: Alert): void {
      nsp.emit(EVENT_OF[event], alert);
    },
  };
}
