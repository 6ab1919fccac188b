import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import { goLiveSchema, type RehearsalStatus } from '../../shared/organizer.js';
import type { Pavilion } from '../app.js';
import { authenticate, requirePermission } from '../auth/middleware.js';
import { jsonBody } from '../http/body.js';
import { errorHandler, parseOrThrow } from '../http/errors.js';
import { requestLog } from '../http/request-log.js';
import { securityHeaders } from '../http/security.js';
import { auditOperator } from '../ops/audit.js';
import type { Store } from '../store/types.js';

export interface RehearsalDeps {
  /** The event's real data. Nothing is written to it while the rehearsal runs. */
  live: Store;
  /** A separate data set (another SQLite file, another PostgreSQL schema) for the rehearsal. */
  rehearsal: Store;
  /** Builds the app on a store, as main builds it; `rehearsal` tells it which set it serves. */
  build: (store: Store, rehearsal: boolean) => Promise<Pavilion>;
  /** Where the switchboard's own errors go (the apps behind it log through their deps). */
  log: Logger;
  /** The clock sessions are checked against. */
  now: () => Date;
}

export interface Switchboard {
  readonly httpServer: http.Server;
  readonly mode: RehearsalStatus['mode'];
  readonly active: Pavilion;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Ends the rehearsal: its data set is closed and the live one starts, from clean zeros. */
  goLive(): Promise<void>;
  close(): Promise<void>;
}

/**
 * People, tokens and screen assignments are shared: whoever set up the rehearsal keeps
 * their login and every pinned screen keeps its token when the event goes live. Signings,
 * attendance and the change log stay in the rehearsal's own store.
 */
function sharingAccounts(rehearsal: Store, live: Store): Store {
  return new Proxy(rehearsal, {
    get: (target, key) => {
      // Ceremony definitions too: prepared once, rehearsed here, signed for real after going live.
      // Alerts, webhooks and the operator audit too: a webhook set up during the rehearsal keeps working.
      if (key === 'accounts' || key === 'fleet' || key === 'ceremonies' || key === 'alerts' || key === 'operatorAudit') return live[key];
      // The switchboard closes the rehearsal store itself, after reading its last seq.
      if (key === 'close') return async () => {};
      return Reflect.get(target, key);
    },
  });
}

/**
 * Runs Pavilion with a rehearsal in front of the live data: one listening server hands each
 * request and socket upgrade to the app of the current data set. Going live closes the
 * rehearsal app (its screens' connections drop and reconnect to the live one) and starts the
 * live app with its seqs continued past the rehearsal's, so screens accept its zeros.
 * A live store that has any change means the rehearsal is over: it starts live directly.
 */
export async function startWithRehearsal(deps: RehearsalDeps): Promise<Switchboard> {
  await deps.live.migrate();
  let mode: RehearsalStatus['mode'] = (await deps.live.lastSeq()) > 0 ? 'live' : 'rehearsal';
  let active = mode === 'live' ? await deps.build(deps.live, false) : await deps.build(sharingAccounts(deps.rehearsal, deps.live), true);
  if (mode === 'live') await deps.rehearsal.close();
  let switching: Promise<void> | undefined;

  const control = express();
  control.disable('x-powered-by');
  control.use(securityHeaders());
  control.use(requestLog(deps.log));
  control.get('/api/v1/rehearsal', (_req, res) => {
    res.json({ mode } satisfies RehearsalStatus);
  });
  control.post('/api/v1/rehearsal/go-live', jsonBody('10kb'), authenticate(deps.live, deps.now), requirePermission('rehearsal:manage'), async (req: express.Request, res: express.Response) => {
    parseOrThrow(goLiveSchema, req.body);
    await board.goLive();
    await auditOperator(deps.live, { actor: req.actor!.name, action: 'rehearsal.went-live', subject: 'event', details: {}, at: deps.now().toISOString() });
    res.json({ mode } satisfies RehearsalStatus);
  });
  control.use(errorHandler(deps.log));

  const httpServer = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/rehearsal')) return control(req, res);
    if (switching) return holding(res);
    active.httpServer.emit('request', req, res);
  });
  httpServer.on('upgrade', (req, socket, head) => {
    // Refused during the switch; socket.io clients retry and reach the live app.
    if (switching) return socket.destroy();
    active.httpServer.emit('upgrade', req, socket, head);
  });

  const switchToLive = async () => {
    await active.close();
    const seq = await deps.rehearsal.lastSeq();
    await deps.rehearsal.close();
    await deps.live.advanceSeq(seq);
    active = await deps.build(deps.live, false);
    mode = 'live';
  };

  const board: Switchboard = {
    httpServer,
    get mode() {
      return mode;
    },
    get active() {
      return active;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve(httpServer.address() as AddressInfo));
      }),
    async goLive() {
      if (mode === 'live' && !switching) return;
      switching ??= switchToLive().finally(() => (switching = undefined));
      await switching;
    },
    async close() {
      await switching?.catch(() => undefined);
      httpServer.close();
      await active.close();
      httpServer.closeAllConnections();
    },
  };
  return board;
}

function holding(res: http.ServerResponse): void {
  res.setHeader('Retry-After', '2');
  // Built by hand: the request never reached an Express app.
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code: 'unavailable', message: 'going live; try again in a moment' } }));
}

