import type { Namespace } from 'socket.io';
import { heartbeatSchema, registerSchema } from '../../shared/fleet-schemas.js';
import { FleetEvents, type FleetClientToServer, type FleetServerToClient, type RegisterAnswer } from '../../shared/fleet.js';
import { sha256 } from '../auth/secrets.js';
import { guardAgainstFloods } from '../live/flood-guard.js';
import type { AccountStore } from '../store/types.js';
import type { FleetRegistry, FleetSocketData } from './registry.js';

export type FleetNamespace = Namespace<FleetClientToServer, FleetServerToClient, Record<string, never>, FleetSocketData>;

/**
 * Screens join without logging in (kiosks have no one to type a password); a display
 * token in the handshake pins the screen. A bad token is refused rather than ignored, so a
 * pinned screen never silently becomes an unpinned one.
 */
export function serveFleetNamespace(nsp: FleetNamespace, registry: FleetRegistry, accounts: AccountStore): void {
  nsp.use((socket, next) => {
    const token: unknown = socket.handshake.auth['token'];
    if (token === undefined || token === null || token === '') return next();
    if (typeof token !== 'string' || token.length > 200) return next(new Error('invalid display token'));
    accounts
      .findToken(sha256(token))
      .then((record) => {
        if (!record || record.revokedAt || record.role !== 'display') return next(new Error('invalid display token'));
        socket.data.pin = { tokenId: record.id, label: record.label, venueId: record.scope.venueId ?? null };
        next();
      })
      .catch(() => next(new Error('unavailable')));
  });

  nsp.on('connection', (socket) => {
    guardAgainstFloods(socket);
    socket.on(FleetEvents.register, (raw: unknown, ack?: unknown) => {
      const parsed = registerSchema.safeParse(raw);
      const answer: RegisterAnswer = parsed.success
        ? registry.register(socket, parsed.data, socket.data.pin ?? null)
        : { error: { code: 'invalid_request', message: 'not a screen registration' } };
      // The acknowledgement is optional: pages of older builds register without one.
      if (typeof ack === 'function') ack(answer);
    });
    socket.on(FleetEvents.pairingCode, (ack: unknown) => {
      if (typeof ack === 'function') ack(registry.pairingCode(socket));
    });
    socket.on(FleetEvents.heartbeat, (raw: unknown) => {
      const parsed = heartbeatSchema.safeParse(raw);
      if (parsed.success) registry.heartbeat(socket, parsed.data);
    });
    socket.on('disconnect', () => registry.disconnected(socket));
  });
}
