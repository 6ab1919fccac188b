import type { Router } from 'express';
import type { EventConfig } from '../../shared/event-config.js';
import type { Server } from 'socket.io';
import { FLEET_NAMESPACE } from '../../shared/fleet.js';
import type { Store } from '../store/types.js';
import type { PairingLimits } from './pairing.js';
import { FleetRegistry, type FleetOptions } from './registry.js';
import { fleetPeers, NO_PEERS, type FleetPeers } from './peers.js';
import { fleetRoutes } from './routes.js';
import { serveFleetNamespace, type FleetNamespace } from './socket.js';
import { DEFAULT_THRESHOLDS } from './status.js';

export const DEFAULT_FLEET_OPTIONS: Omit<FleetOptions, 'now'> = {
  thresholds: DEFAULT_THRESHOLDS,
  rehearsal: false,
  offlineKept: 2000,
  // Far above the screens one event runs: a bound against anonymous registrations, not a target.
  screensKept: 20_000,
  timeZone: 'UTC',
  scheduleTickMs: 5000,
  resyncMs: null,
};

/** Several instances: a lost notice from a peer leaves a screen behind for at most this long. */
export const CLUSTER_RESYNC_MS = 10_000;

/** Wires the fleet into an app: the `/fleet` namespace and the `/api/v1/fleet` routes. */
export async function startFleet(
  // The server's generics describe /live; /fleet has its own contract, applied below.
  io: Pick<Server, 'of'>,
  store: Store,
  liveSeq: () => number,
  options: Partial<FleetOptions> & Pick<FleetOptions, 'now'>,
  /** With several instances, commands and the screen list reach the others' screens too. */
  clustered: boolean,
  event: EventConfig,
  /** Wrong pairing codes: shared through Redis with several instances, this instance's own when absent. */
  pairing?: PairingLimits,
): Promise<{ registry: FleetRegistry; routes: Router; peers: FleetPeers }> {
  const all: FleetOptions = { ...DEFAULT_FLEET_OPTIONS, timeZone: event.timeZone, resyncMs: clustered ? CLUSTER_RESYNC_MS : null, ...options };
  const registry = new FleetRegistry(store.fleet, liveSeq, all);
  await registry.load();
  const nsp = io.of(FLEET_NAMESPACE);
  serveFleetNamespace(nsp as unknown as FleetNamespace, registry, store.accounts);
  const peers = clustered ? fleetPeers(nsp, registry) : NO_PEERS;
  return { registry, peers, routes: fleetRoutes({ registry, peers, liveSeq, accounts: store.accounts, event, now: all.now, ...(pairing ? { guard: pairing } : {}) }) };
}
