import type { Router } from 'express';
import type { Server } from 'socket.io';
import { FLEET_NAMESPACE } from '../../shared/fleet.js';
import type { Store } from '../store/types.js';
import { FleetRegistry, type FleetOptions } from './registry.js';
import { fleetPeers, NO_PEERS } from './peers.js';
import { fleetRoutes } from './routes.js';
import { serveFleetNamespace, type FleetNamespace } from './socket.js';
import { DEFAULT_THRESHOLDS } from './status.js';

export const DEFAULT_FLEET_OPTIONS: FleetOptions = {
  thresholds: DEFAULT_THRESHOLDS,
  now: () => Date.now(),
  rehearsal: false,
  offlineKept: 2000,
  // Far above the screens one event runs: a bound against anonymous registrations, not a target.
  screensKept: 20_000,
};

/** Wires the fleet into an app: the `/fleet` namespace and the `/api/v1/fleet` routes. */
export async function startFleet(
  // The server's generics describe /live; /fleet has its own contract, applied below.
  io: Pick<Server, 'of'>,
  store: Store,
  liveSeq: () => number,
  options: Partial<FleetOptions> = {},
  /** With several instances, commands and the screen list reach the others' screens too. */
  clustered = false,
): Promise<{ registry: FleetRegistry; routes: Router }> {
  const registry = new FleetRegistry(store.fleet, liveSeq, { ...DEFAULT_FLEET_OPTIONS, ...options });
  await registry.load();
  const nsp = io.of(FLEET_NAMESPACE);
  serveFleetNamespace(nsp as unknown as FleetNamespace, registry, store.accounts);
  const peers = clustered ? fleetPeers(nsp, registry) : NO_PEERS;
  return { registry, routes: fleetRoutes(registry, peers, liveSeq) };
}
