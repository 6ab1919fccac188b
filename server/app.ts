import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { Server } from 'socket.io';
import type { EventConfig } from '../shared/event-config.js';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../shared/live.js';
import { summarize } from '../shared/summary.js';
import { ensureAdmin } from './auth/bootstrap.js';
import { authenticate } from './auth/middleware.js';
import { authRoutes } from './auth/routes.js';
import { eventRoutes } from './event/routes.js';
import { healthRoutes } from './health/routes.js';
import { jsonBody } from './http/body.js';
import { errorHandler, sendError } from './http/errors.js';
import { securityHeaders } from './http/security.js';
import { ChangeFeed } from './live/feed.js';
import { DEFAULT_HUB_OPTIONS, LiveHub, type HubOptions } from './live/hub.js';
import { summaryRoutes } from './live/routes.js';
import { serveLiveNamespace } from './live/socket.js';
import { startFleet } from './fleet/fleet.js';
import type { FleetOptions } from './fleet/registry.js';
import { exportRoutes } from './organizer/export-routes.js';
import { organizerRoutes } from './organizer/routes.js';
import { signingRoutes } from './signings/routes.js';
import { GroupCommitter } from './store/committer.js';
import type { Store } from './store/types.js';

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

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
  log?: Logger;
  /** Express's `trust proxy`, for Secure cookies and client addresses behind a proxy. */
  trustProxy?: boolean | string;
}

export interface Pavilion {
  readonly httpServer: http.Server;
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  readonly hub: LiveHub;
  /** Set on a first start without a configured admin password. */
  readonly generatedAdminPassword?: string;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

/** The composition root: builds one Pavilion from its dependencies, without listening yet. */
export async function createApp(deps: AppDeps): Promise<Pavilion> {
  const { store, event } = deps;
  const log = deps.log ?? consoleLogger;
  await store.migrate();
  const { generatedPassword } = await ensureAdmin(store, deps.adminPassword);

  const counted = await store.countedSignings();
  const summary = summarize(counted, event.timeZone);
  summary.seq = await store.lastSeq();
  const recent = counted.sort((a, b) => (a.signedAt < b.signedAt ? 1 : -1));

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.set('trust proxy', deps.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
  });
  const nsp = io.of(LIVE_NAMESPACE);
  const hub = new LiveHub(nsp, event, { summary, recent }, { ...DEFAULT_HUB_OPTIONS, ...deps.hub });
  const feed = new ChangeFeed(store, hub, (error) => log.error('pavilion: could not read changes', error));
  const committer = new GroupCommitter(store, (changes) => feed.push(changes));
  serveLiveNamespace(nsp, hub);
  const fleet = await startFleet(io, store, () => hub.seq, deps.fleet);

  const api = express.Router();
  api.use(jsonBody('1mb'));
  api.use(authenticate(store));
  api.use(healthRoutes());
  api.use(eventRoutes(event));
  api.use(authRoutes(store, event));
  api.use(summaryRoutes(hub));
  api.use(signingRoutes(store, committer, event));
  api.use(organizerRoutes({ store, hub, event }), exportRoutes({ store, hub, event }));
  api.use(fleet.routes);
  api.use((_req, res) => sendError(res, 'not_found', 'no such endpoint'));
  app.use('/api/v1', api);
  if (deps.clientDir) serveClient(app, deps.clientDir);
  app.use(errorHandler((message, error) => log.error(`pavilion: ${message}`, error)));

  return {
    httpServer,
    io,
    hub,
    ...(generatedPassword ? { generatedAdminPassword: generatedPassword } : {}),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve(httpServer.address() as AddressInfo));
      }),
    async close() {
      hub.close();
      await committer.drain();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await store.close();
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
