import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { EventConfig } from '../shared/event-config.js';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../shared/live.js';
import { summarize } from '../shared/summary.js';
import { attendanceRoutes } from './attendance/routes.js';
import { ensureAdmin } from './auth/bootstrap.js';
import { localLoginLimits } from './auth/login-guard.js';
import type { Cluster } from './cluster/redis-cluster.js';
import { readSeed } from './cluster/seed.js';
import { authenticate } from './auth/middleware.js';
import { authRoutes } from './auth/routes.js';
import { openCurrentEvent } from './event/current.js';
import { editionRoutes } from './event/edition-routes.js';
import { exhibitorImportRoutes, exhibitorRoutes } from './event/exhibitor-routes.js';
import { eventRoutes } from './event/routes.js';
import { inFlightRequests } from './health/in-flight.js';
import { CommitHealth } from './health/commit-health.js';
import { probeRoutes } from './health/probes.js';
import { healthRoutes } from './health/routes.js';
import { jsonBody } from './http/body.js';
import { errorHandler, sendError } from './http/errors.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security.js';
import { docsRoutes, specRoutes } from './openapi/routes.js';
import { privateByDefault } from './public/cache.js';
import { servePublicPages } from './public/pages.js';
import { publicRoutes } from './public/routes.js';
import { RecoveryOptInAdapter, sortNamespacesByRecovery } from './live/recovery-opt-in.js';
import { ChangeFeed } from './live/feed.js';
import { DEFAULT_HUB_OPTIONS, LiveHub, type HubOptions } from './live/hub.js';
import { BroadcastPacing } from './live/paced-broadcasts.js';
import { summaryRoutes } from './live/routes.js';
import { serveLiveNamespace } from './live/socket.js';
import { serveDeskNamespace } from './live/desk.js';
import { PavilionMetrics } from './metrics/metrics.js';
import { listenMetrics, metricsHandler, type MetricsServer } from './metrics/server.js';
import { startFleet } from './fleet/fleet.js';
import type { FleetOptions, FleetRegistry } from './fleet/registry.js';
import { exportRoutes } from './organizer/export-routes.js';
import { organizerRoutes } from './organizer/routes.js';
import { signingRoutes } from './signings/routes.js';
import { ceremonyImportRoutes } from './ceremonies/import-routes.js';
import { ceremonyRoutes, type CeremonyDeps } from './ceremonies/routes.js';
import { fleetStage } from './ceremonies/stage.js';
import { auditRoutes } from './audit/routes.js';
import { startAlerts, type AlertDeps, type Alerts } from './alerts/start.js';
import { operatorAuditTrail } from './ops/audit.js';
import { importRoutes } from './signings/csv-routes.js';
import { userRoutes } from './users/routes.js';
import { GroupCommitter } from './store/committer.js';
import type { Store } from './store/types.js';
import type { Change } from './store/operations.js';

export interface AppDeps {
  store: Store;
  event: EventConfig;
  /** Password for the `admin` created on first start; random (and reported) when absent. */
  adminPassword?: string;
  /** The built client to serve; nothing is served when absent. */
  clientDir?: string;
  hub?: Partial<HubOptions>;
  /** Screen fleet status thresholds and clock; tests shorten them. */
  fleet?: Partial<FleetOptions>;
  /** Structured logs (pino); tests pass a silent one, only main.ts makes the real one. */
  log: Logger;
  /**
   * The one clock the server reads: "today", sessions, device clock checks, every stored time.
   * Only server/main.ts creates the real one; tests pass their own and move it.
   */
  now: () => Date;
  /**
   * Express's `trust proxy`, for Secure cookies and client addresses behind a proxy: a hop
   * count, or the proxies' addresses and subnets (comma-separated); never `true`, which would
   * let any client choose its address with X-Forwarded-For.
   */
  trustProxy?: number | string | false;
  /** Redis link to the other instances; absent for a single instance. */
  cluster?: Cluster;
  /** Sites that may frame `/embed/*` (PAVILION_EMBED_ORIGINS); none when absent. */
  embedOrigins?: readonly string[];
  /** Alert check interval, webhook retries, the instance's name; tests shorten them. */
  alerts?: AlertDeps['options'];
}

export interface Pavilion {
  readonly httpServer: http.Server;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  readonly hub: LiveHub;
  /** The screen fleet: ceremonies put screens on their stage through it (`setStage`). */
  readonly fleet: FleetRegistry;
  /** Set on a first start without a configured admin password. */
  readonly generatedAdminPassword?: string;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** This app's Prometheus metrics (GET /metrics only), for a listener apart from the public one. */
  readonly metricsHandler: http.RequestListener;
  /** Serves `metricsHandler` on its own port, 127.0.0.1 unless `host` says otherwise; closed with the app. */
  listenMetrics(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** The version of `/api/v1` its OpenAPI and AsyncAPI documents describe. */
const API_VERSION = '1.0.0';
/** How long a dropped screen's missed frames are kept for it (one instance only). */
const RECOVERY_WINDOW_MS = 30_000;
/** How long closing waits for screens to end their connections before cutting them. */
const CLOSE_GRACE_MS = 3000;

/** The composition root: builds one Pavilion from its dependencies, without listening yet. */
export async function createApp(deps: AppDeps): Promise<Pavilion> {
  const { log, now } = deps;
  const metrics = new PavilionMetrics(now);
  const store = metrics.instrumentStore(deps.store);
  await store.migrate();
  const { generatedPassword } = await ensureAdmin(store, deps.adminPassword, now());

  const { seq, counted, attendance, ceremonies } = await readSeed(store);
  const current = await openCurrentEvent(store, deps.event, log);
  const event = current.live;
  const summary = summarize(counted, event.timeZone);
  summary.seq = seq;
  const recent = counted.sort((a, b) => (a.signedAt < b.signedAt ? 1 : -1));

  const app = express();
  app.disable('x-powered-by');
  // Exact paths, so that a proxy rule for `/readyz` cannot be passed with `/READYZ` or `/readyz/`.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  const inFlight = inFlightRequests();
  app.use(requestLog(log));
  app.use(inFlight.middleware);
  app.use(securityHeaders({ embedOrigins: deps.embedOrigins ?? [] }));
  app.set('trust proxy', deps.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const pacing = new BroadcastPacing();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // One instance replays what a screen missed during a short drop. Recovery keeps every
    // broadcast for its window, so the window is short. Several instances do not recover:
    // frames are per instance, and a session restored elsewhere would miss changes.
    ...(deps.cluster
      ? { adapter: pacing.adapter(deps.cluster.adapter) }
      : { adapter: pacing.adapter((nsp) => new RecoveryOptInAdapter(nsp)), connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS } }),
  });
  sortNamespacesByRecovery(io);
  const nsp = io.of(LIVE_NAMESPACE);
  const hub = new LiveHub(nsp, pacing.of(nsp), event, { summary, recent, attendance, ceremonies, eventVersion: current.version }, { ...DEFAULT_HUB_OPTIONS, now, ...deps.hub });
  const desk = serveDeskNamespace(io, store, now);
  const observed = metrics.observeApply(hub);
  // Started once the fleet is up; changes and commits before that are caught by its first check.
  let alerts: Alerts | undefined;
  const figures = {
    get seq() {
      return observed.seq;
    },
    apply(changes: Change[]) {
      // The event first: the fold reads it when it folds the change that edited it.
      current.apply(changes);
      observed.apply(changes);
      desk.apply(changes);
      alerts?.watch.changes(changes);
    },
  };
  const feed = new ChangeFeed(store, figures, (error) => log.error({ err: error }, 'could not read changes'));
  const member = deps.cluster?.join({ nsp, feed, log });
  const commitHealth = new CommitHealth(() => now().getTime());
  const committer = new GroupCommitter(
    store,
    (changes) => {
      feed.push(changes);
      member?.committed(changes);
      alerts?.watch.countWrites(changes.length);
    },
    {
      committed() {
        commitHealth.committed();
        alerts?.watch.writesSucceeded();
      },
      failed(error) {
        commitHealth.failed();
        alerts?.watch.writesFailed();
      },
    },
    log,
  );
  serveLiveNamespace(nsp, hub);
  const fleet = await startFleet(io, store, () => hub.seq, { now: () => now().getTime(), ...deps.fleet }, deps.cluster !== undefined, event, deps.cluster?.pairingLimits(log));
  alerts = await startAlerts({
    io,
    store,
    event: () => event,
    now,
    attendance: () => hub.summary.attendance,
    screens: { here: () => fleet.registry.list(), peers: () => fleet.peers.screens() },
    ...(deps.cluster ? { cluster: deps.cluster } : {}),
    clustered: deps.cluster !== undefined,
    seed: attendance,
    ...(deps.alerts ? { options: deps.alerts } : {}),
    onError: (message, error) => log.error({ err: error }, message),
  });
  metrics.watchSockets(nsp);
  metrics.watchSkippedFrames(hub);
  metrics.watchOps({
    venues: () => event.venues.map((v) => ({ id: v.id, capacity: v.capacity, onSite: hub.summary.attendance?.byVenue[v.id]?.onSiteNow ?? 0 })),
    screens: () => fleet.registry.list(),
    gateReports: () => alerts!.gates.lastReports,
    openAlerts: () => alerts!.center.open(),
    now: () => now().getTime(),
  });
  let stopping = false;
  const metricsServers: MetricsServer[] = [];

  const api = express.Router();
  api.use(privateByDefault());
  // Before the 1 MB parser: device batches are larger and bring their own.
  api.use('/attendance', alerts.gates.middleware(), attendanceRoutes({ store, committer, event, now }));
  // The CSV file is the body: before the 1 MB JSON parser, with its own limit.
  const signingDeps = { store, committer, event, now, counted: () => hub.countedStats };
  api.use('/signings/import', importRoutes(signingDeps));
  const ceremonyDeps: CeremonyDeps = {
    ...signingDeps,
    stage: fleetStage({ registry: fleet.registry, peers: fleet.peers }),
    live: (id) => hub.summary.ceremonies?.find((c) => c.id === id) ?? null,
  };
  api.use(ceremonyImportRoutes(ceremonyDeps));
  api.use('/exhibitors/import', exhibitorImportRoutes({ store, committer, current, now }));
  api.use(jsonBody('1mb'));
  api.use(authenticate(store, now));
  api.use(operatorAuditTrail(store, now, (error) => log.error({ err: error }, 'could not write the operator audit')));
  api.use(healthRoutes());
  api.use(publicRoutes(hub, event), specRoutes(event, API_VERSION));
  api.use(eventRoutes({ current, committer, now }), exhibitorRoutes(store), editionRoutes({ store, hub, current, now }));
  api.use(authRoutes(store, event, now, deps.cluster?.loginLimits(log) ?? localLoginLimits()));
  api.use(summaryRoutes(hub));
  api.use(signingRoutes(signingDeps));
  api.use(ceremonyRoutes(ceremonyDeps));
  api.use(auditRoutes(store, event.timeZone));
  api.use(userRoutes(store, now));
  api.use(organizerRoutes({ store, hub, event, now }), exportRoutes({ store, hub, event, now }));
  api.use(fleet.routes);
  api.use(...alerts.routes);
  api.use((_req, res) => sendError(res, 'not_found', 'no such endpoint'));
  app.use(probeRoutes({ store, cluster: deps.cluster, writes: commitHealth, isStopping: () => stopping }));
  app.use(docsRoutes());
  app.use('/api/v1', api);
  if (deps.clientDir) servePublicPages(app, deps.clientDir);
  if (deps.clientDir) serveClient(app, deps.clientDir);
  app.use(errorHandler(log));

  return {
    httpServer,
    io,
    hub,
    fleet: fleet.registry,
    ...(generatedPassword ? { generatedAdminPassword: generatedPassword } : {}),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve(httpServer.address() as AddressInfo));
      }),
    metricsHandler: metricsHandler(metrics.registry),
    async listenMetrics(port, host) {
      const server = await listenMetrics(metricsHandler(metrics.registry), port, host);
      metricsServers.push(server);
      return server.address;
    },
    async close() {
      stopping = true;
      await Promise.all(metricsServers.splice(0).map((m) => m.close()));
      // New connections go to the other instances while writes in flight finish here.
      httpServer.close();
      hub.close();
      fleet.registry.close();
      await alerts.close();
      member?.leave();
      await inFlight.idle(5000);
      await committer.drain();
      // Closing the transport (not disconnecting) makes clients reconnect, through the balancer, elsewhere.
      // A peer that never answers the websocket close handshake would hold this for ws's 30 s.
      await Promise.race([new Promise<void>((resolve) => io.close(() => resolve())), delay(CLOSE_GRACE_MS, undefined, { ref: false })]);
      httpServer.closeAllConnections();
      await store.close();
      await deps.cluster?.close();
    },
  };
}

/** The built single-page client: assets as files, every other page path gets index.html. */
function serveClient(app: express.Express, clientDir: string): void {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) return;
  app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
  });
}
