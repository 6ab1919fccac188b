import os from 'node:os';
import type { Router } from 'express';
import type { Namespace } from 'socket.io';
import { OpsClusterEvents, type Alert, type InstanceHealth } from '../../shared/alerts.js';
import type { AttendanceDelta, AttendanceSummary } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import { FLEET_NAMESPACE, FleetEvents, type ScreenInfo } from '../../shared/fleet.js';
import type { Store } from '../store/types.js';
import { DEFAULT_DELIVERY_OPTIONS, DeliveryWorker, type DeliveryOptions } from '../webhooks/worker.js';
import { webhookRoutes } from '../webhooks/routes.js';
import { AlertCenter } from './center.js';
import { GateWatch } from './gates.js';
import { serveOpsNamespace } from './ops-socket.js';
import { alertRoutes } from './routes.js';
import { AlertWatch } from './watch.js';

export interface AlertOptions {
  /** How often time-based alerts are checked and other instances' alerts read (real time). */
  checkMs: number;
  delivery: DeliveryOptions;
  /** This instance's name in its store and Redis alerts and on the board. */
  instance: string;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  checkMs: 5000,
  delivery: DEFAULT_DELIVERY_OPTIONS,
  instance: `${os.hostname()}:${process.pid}`,
};

export interface AlertDeps {
  io: { of(name: string): Namespace };
  store: Store;
  event: () => EventConfig;
  now: () => Date;
  attendance: () => AttendanceSummary | null | undefined;
  /** This instance's screens, and the other instances' (empty without Redis). */
  screens: { here(): ScreenInfo[]; peers(): Promise<ScreenInfo[]> };
  cluster?: { ping(): Promise<void> };
  clustered: boolean;
  seed: AttendanceDelta;
  options?: Partial<Omit<AlertOptions, 'delivery'>> & { delivery?: Partial<DeliveryOptions> };
  onError: (message: string, error: unknown) => void;
}

export interface Alerts {
  routes: Router[];
  watch: AlertWatch;
  gates: GateWatch;
  center: AlertCenter;
  close(): Promise<void>;
}

/** Wires alerts into an app: the center, its sources, `/ops`, the routes and the webhook worker. */
export async function startAlerts(deps: AlertDeps): Promise<Alerts> {
  const options = { ...DEFAULT_ALERT_OPTIONS, ...deps.options, delivery: { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options?.delivery } };
  const ops = serveOpsNamespace(deps.io, deps.store, deps.now);
  const worker = new DeliveryWorker(deps.store.alerts, deps.now, options.delivery, deps.onError);
  const center = new AlertCenter({
    store: deps.store.alerts,
    now: deps.now,
    thresholds: () => watch.thresholds,
    publish: (event, alert: Alert) => {
      ops.publish(event, alert);
      // A transition wrote deliveries: send them now rather than at the next poll.
      if (event !== 'acked') void worker.tick();
    },
    onError: deps.onError,
  });
  let watch: AlertWatch;
  const gates = new GateWatch(deps.store.alerts, deps.now, () => deps.event().timeZone, () => watch.gateReported(), (e) => deps.onError('gate report not noted', e), deps.seed);
  const screens = async () => [...deps.screens.here(), ...(await deps.screens.peers())];
  watch = new AlertWatch({
    center,
    gates,
    event: deps.event,
    now: deps.now,
    instance: options.instance,
    attendance: deps.attendance,
    screens,
    ...(deps.cluster ? { cluster: deps.cluster } : {}),
    checkMs: options.checkMs,
    onError: deps.onError,
  });
  const instances = instanceHealth(ops.nsp, () => watch.health(), deps.clustered);
  watchFleet(deps.io.of(FLEET_NAMESPACE), () => watch.screensChanged());

  await Promise.all([center.refresh(), gates.refresh()]);
  watch.start();
  worker.start();
  const routes = [
    alertRoutes({ store: deps.store, center, gates, event: deps.event, now: deps.now, screens, instances, gateSilentMinutes: () => watch.thresholds.gateSilentMinutes }),
    webhookRoutes(deps.store, deps.now),
  ];
  return {
    routes,
    watch,
    gates,
    center,
    async close() {
      await Promise.all([watch.stop(), worker.stop()]);
    },
  };
}

/** Screens registering and leaving move the `screen.offline` verdicts; the fleet's own handlers run first. */
function watchFleet(fleet: Namespace, changed: () => void): void {
  fleet.on('connection', (socket) => {
    socket.on(FleetEvents.register, () => setImmediate(changed));
    socket.on('disconnect', () => setImmediate(changed));
  });
}

/** This instance's health, and with Redis every other instance's, each answering for itself. */
function instanceHealth(nsp: Namespace, here: () => InstanceHealth, clustered: boolean): () => Promise<InstanceHealth[]> {
  if (!clustered) return async () => [here()];
  nsp.on(OpsClusterEvents.instances, (ack: (health: InstanceHealth) => void) => ack(here()));
  return async () => {
    let others: InstanceHealth[];
    try {
      others = (await nsp.serverSideEmitWithAck(OpsClusterEvents.instances)) as InstanceHealth[];
    } catch (error) {
      // An instance that does not answer in time is left out.
      others = ((error as { responses?: InstanceHealth[] }).responses ?? []) as InstanceHealth[];
    }
    return [here(), ...others].sort((a, b) => a.instance.localeCompare(b.instance));
  };
}
