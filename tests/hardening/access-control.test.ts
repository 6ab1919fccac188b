import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/auth/secrets.js';
import { SESSION_COOKIE } from '../../server/auth/middleware.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import { FLEET_NAMESPACE, FleetEvents } from '../../shared/fleet.js';
import { LIVE_NAMESPACE, LiveEvents } from '../../shared/live.js';
import { PERMISSIONS, type Permission, type Role } from '../../shared/roles.js';
import { sessionOf, userSession } from '../integration/staff-support.js';
import { issueToken, login, postSigning, sampleSigning, startServer, tempDir, waitFor, type TestServer } from '../support/server.js';

/**
 * Every caller through every HTTP route, checked against the documented role table
 * (PERMISSIONS in shared/roles.ts). "Allowed" means the request got past authentication and
 * the permission check: any answer but 401 and 403.
 */
type Caller =
  | 'anonymous'
  | 'display'
  | 'device'
  | 'staff-token'
  | 'organizer-token'
  | 'staff'
  | 'organizer'
  | 'admin'
  | 'revoked-token'
  | 'expired-session';

const CALLERS: Caller[] = ['anonymous', 'display', 'device', 'staff-token', 'organizer-token', 'staff', 'organizer', 'admin', 'revoked-token', 'expired-session'];
const ROLE_OF: Partial<Record<Caller, Role>> = {
  display: 'display',
  device: 'device',
  'staff-token': 'staff',
  'organizer-token': 'organizer',
  staff: 'staff',
  organizer: 'organizer',
  admin: 'admin',
};

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<number>;

interface Route {
  /** How the route is written in docs/API.md. */
  name: string;
  method: string;
  path: () => Promise<string> | string;
  /** Undefined: public. */
  permission?: Permission;
  /** Callers the table allows but the route refuses for a stated reason. */
  alsoDenied?: Caller[];
  body?: () => unknown;
  headers?: () => Record<string, string>;
}

let server: TestServer;
let store: Store;
let writer: string;
const calls = {} as Record<Caller, Call>;

const newSigningId = async () => (await postSigning(server.url, writer)).body.signing.id as string;

/** A ceremony (not started) with one planned item, straight in the store. */
async function newCeremonyItem(): Promise<{ id: string; itemId: string }> {
  const id = randomUUID();
  const itemId = randomUUID();
  const at = new Date().toISOString();
  const title = { zh: '签约仪式', en: 'Signing ceremony' };
  await store.ceremonies.createCeremony({ id, title, venueId: 'v1', startsAt: at, stage: { venues: [], screens: [] }, createdAt: at, createdBy: 'test', updatedAt: at });
  const { signedAt: _signedAt, ...input } = sampleSigning();
  await store.ceremonies.addItems(id, [{ id: itemId, ceremonyId: id, input, createdAt: at, updatedAt: at }]);
  return { id, itemId };
}
const ceremonyPath = async (tail: string) => {
  const { id, itemId } = await newCeremonyItem();
  return `/api/v1/ceremonies/${id}${tail.replace(':itemId', itemId)}`;
};

const ROUTES: Route[] = [
  { name: 'GET /health', method: 'GET', path: () => '/api/v1/health' },
  { name: 'GET /event', method: 'GET', path: () => '/api/v1/event' },
  { name: 'GET /summary', method: 'GET', path: () => '/api/v1/summary' },
  { name: 'GET /signings', method: 'GET', path: () => '/api/v1/signings' },
  { name: 'GET /signings/:id', method: 'GET', path: async () => `/api/v1/signings/${await newSigningId()}` },
  { name: 'GET /signings?includeUncounted=true', method: 'GET', path: () => '/api/v1/signings?includeUncounted=true', permission: 'signing:read-all' },
  {
    name: 'POST /signings',
    method: 'POST',
    path: () => '/api/v1/signings',
    permission: 'signing:create',
    body: () => sampleSigning(),
    headers: () => ({ 'idempotency-key': randomUUID() }),
  },
  {
    name: 'PATCH /signings/:id (not own)',
    method: 'PATCH',
    path: async () => `/api/v1/signings/${await newSigningId()}`,
    permission: 'signing:edit-own',
    // The signing was entered by another caller: editing it needs signing:edit-any.
    alsoDenied: ['staff', 'staff-token'],
    body: () => ({ title: 'corrected', version: 1, reason: 'typo' }),
  },
  { name: 'POST /signings/:id/void', method: 'POST', path: async () => `/api/v1/signings/${await newSigningId()}/void`, permission: 'signing:void', body: () => ({ reason: 'cancelled' }) },
  {
    name: 'POST /signings/:id/void (not own)',
    method: 'POST',
    path: async () => `/api/v1/signings/${await newSigningId()}/void`,
    permission: 'signing:void-own',
    // Entered by another caller: staff void only their own entries (desk-duplicates.test.ts).
    alsoDenied: ['staff', 'staff-token'],
    body: () => ({ reason: 'cancelled' }),
  },
  {
    name: 'GET /signings/duplicates',
    method: 'GET',
    path: () => '/api/v1/signings/duplicates?investor=A&partner=B&amountCny=100000000',
    permission: 'signing:create',
  },
  { name: 'POST /signings/:id/verify', method: 'POST', path: async () => `/api/v1/signings/${await newSigningId()}/verify`, permission: 'signing:verify', body: () => ({}) },
  { name: 'POST /signings/:id/release', method: 'POST', path: async () => `/api/v1/signings/${await newSigningId()}/release`, permission: 'signing:verify', body: () => ({}) },
  {
    name: 'PUT /attendance/gates/:gateId/hours/:hour',
    method: 'PUT',
    path: () => '/api/v1/attendance/gates/v1-g1/hours/2024-06-20T10',
    permission: 'attendance:correct',
    body: () => ({ entries: 10, exits: 2, reason: 'turnstile miscounted' }),
  },
  { name: 'GET /signings.csv', method: 'GET', path: () => '/api/v1/signings.csv', permission: 'signing:export' },
  { name: 'GET /audit', method: 'GET', path: () => '/api/v1/audit', permission: 'audit:read' },
  {
    name: 'POST /attendance/counts',
    method: 'POST',
    path: () => '/api/v1/attendance/counts',
    permission: 'attendance:report',
    body: () => ({ gateId: 'v1-g1', batchId: randomUUID(), from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString(), entries: 3, exits: 1 }),
  },
  {
    name: 'POST /attendance/scans',
    method: 'POST',
    path: () => '/api/v1/attendance/scans',
    permission: 'attendance:report',
    body: () => ({ badgeId: randomUUID(), gateId: 'v1-g1', at: new Date().toISOString(), direction: 'in' }),
  },
  { name: 'GET /organizer/summary', method: 'GET', path: () => '/api/v1/organizer/summary', permission: 'organizer:read' },
  { name: 'GET /organizer/signings', method: 'GET', path: () => '/api/v1/organizer/signings', permission: 'organizer:read' },
  { name: 'GET /organizer/export/attendance.csv', method: 'GET', path: () => '/api/v1/organizer/export/attendance.csv', permission: 'organizer:read' },
  // An invalid body: allowed callers get 400, and the event stays as it is for the other rows.
  { name: 'PUT /event', method: 'PUT', path: () => '/api/v1/event', permission: 'event:manage', body: () => ({ version: 1 }) },
  { name: 'GET /exhibitors', method: 'GET', path: () => '/api/v1/exhibitors', permission: 'organizer:read' },
  {
    name: 'POST /exhibitors/import',
    method: 'POST',
    path: () => '/api/v1/exhibitors/import?dryRun=true',
    permission: 'event:manage',
    headers: () => ({ 'content-type': 'text/csv' }),
  },
  { name: 'GET /editions', method: 'GET', path: () => '/api/v1/editions', permission: 'organizer:read' },
  // Public: no archive in this store, so everyone gets past the checks to a 404.
  { name: 'GET /editions/:id/points', method: 'GET', path: () => '/api/v1/editions/none/points' },
  { name: 'POST /editions', method: 'POST', path: () => '/api/v1/editions', permission: 'event:manage', body: () => ({}) },
  { name: 'GET /fleet/screens', method: 'GET', path: () => '/api/v1/fleet/screens', permission: 'fleet:manage' },
  {
    name: 'POST /fleet/commands',
    method: 'POST',
    path: () => '/api/v1/fleet/commands',
    permission: 'fleet:manage',
    body: () => ({ target: { type: 'all' }, command: { kind: 'clear' } }),
  },
  {
    name: 'PUT /fleet/schedules',
    method: 'PUT',
    path: () => '/api/v1/fleet/schedules',
    permission: 'fleet:manage',
    body: () => ({ target: { type: 'all' }, schedule: null }),
  },
  {
    name: 'POST /fleet/pair',
    method: 'POST',
    path: () => '/api/v1/fleet/pair',
    permission: 'fleet:manage',
    body: () => ({ code: 'ABCDEF', name: 'Hall 1', venueId: null }),
  },
  { name: 'GET /alerts', method: 'GET', path: () => '/api/v1/alerts?state=all', permission: 'alert:read' },
  { name: 'GET /ops/board', method: 'GET', path: () => '/api/v1/ops/board', permission: 'alert:read' },
  // No such alert: allowed callers get 404.
  { name: 'POST /alerts/:id/ack', method: 'POST', path: () => '/api/v1/alerts/none/ack', permission: 'alert:ack' },
  { name: 'GET /webhooks', method: 'GET', path: () => '/api/v1/webhooks', permission: 'webhook:manage' },
  // An invalid body: allowed callers get 400 and nothing is stored.
  { name: 'POST /webhooks', method: 'POST', path: () => '/api/v1/webhooks', permission: 'webhook:manage', body: () => ({ url: 'ftp://x', format: 'json' }) },
  { name: 'DELETE /webhooks/:id', method: 'DELETE', path: () => '/api/v1/webhooks/none', permission: 'webhook:manage' },
  { name: 'GET /webhooks/:id/deliveries', method: 'GET', path: () => '/api/v1/webhooks/none/deliveries', permission: 'webhook:manage' },
  { name: 'GET /users', method: 'GET', path: () => '/api/v1/users', permission: 'user:manage' },
  {
    name: 'POST /users',
    method: 'POST',
    path: () => '/api/v1/users',
    permission: 'user:manage',
    body: () => ({ username: `u${randomUUID().slice(0, 8)}`, password: 'long-enough-password', role: 'staff' }),
  },
  { name: 'GET /tokens', method: 'GET', path: () => '/api/v1/tokens', permission: 'token:manage' },
  { name: 'POST /tokens', method: 'POST', path: () => '/api/v1/tokens', permission: 'token:manage', body: () => ({ role: 'display', label: 'screen' }) },
  { name: 'GET /ceremonies', method: 'GET', path: () => '/api/v1/ceremonies', permission: 'ceremony:run' },
  {
    name: 'POST /ceremonies',
    method: 'POST',
    path: () => '/api/v1/ceremonies',
    permission: 'ceremony:run',
    body: () => ({ title: { zh: '签约', en: 'Signing' }, venueId: 'v1', startsAt: '2024-06-20T10:00:00+08:00' }),
  },
  { name: 'GET /ceremonies/:id', method: 'GET', path: () => ceremonyPath(''), permission: 'ceremony:run' },
  { name: 'POST /ceremonies/:id/items', method: 'POST', path: () => ceremonyPath('/items'), permission: 'ceremony:run', body: () => sampleSigning() },
  { name: 'PATCH /ceremonies/:id/items/:itemId', method: 'PATCH', path: () => ceremonyPath('/items/:itemId'), permission: 'ceremony:run', body: () => ({ position: 0 }) },
  { name: 'DELETE /ceremonies/:id/items/:itemId', method: 'DELETE', path: () => ceremonyPath('/items/:itemId'), permission: 'ceremony:run' },
  { name: 'POST /ceremonies/:id/items/import', method: 'POST', path: () => ceremonyPath('/items/import?dryRun=true'), permission: 'ceremony:run' },
  { name: 'POST /ceremonies/:id/start', method: 'POST', path: () => ceremonyPath('/start'), permission: 'ceremony:run', body: () => ({}) },
  { name: 'POST /ceremonies/:id/finish', method: 'POST', path: () => ceremonyPath('/finish'), permission: 'ceremony:run', body: () => ({}) },
  {
    name: 'POST /ceremonies/:id/items/:itemId/sign',
    method: 'POST',
    path: () => ceremonyPath('/items/:itemId/sign'),
    permission: 'ceremony:run',
    headers: () => ({ 'idempotency-key': randomUUID() }),
  },
  { name: 'POST /ceremonies/:id/sign-all', method: 'POST', path: () => ceremonyPath('/sign-all'), permission: 'ceremony:run', headers: () => ({ 'idempotency-key': randomUUID() }) },
  { name: 'POST /ceremonies/:id/items/:itemId/undo', method: 'POST', path: () => ceremonyPath('/items/:itemId/undo'), permission: 'ceremony:run', body: () => ({}) },
  { name: 'GET /ceremonies/operators', method: 'GET', path: () => '/api/v1/ceremonies/operators', permission: 'user:manage' },
  { name: 'PUT /ceremonies/operators/:userId', method: 'PUT', path: () => `/api/v1/ceremonies/operators/${randomUUID()}`, permission: 'user:manage', body: () => ({}) },
  { name: 'DELETE /ceremonies/operators/:userId', method: 'DELETE', path: () => `/api/v1/ceremonies/operators/${randomUUID()}`, permission: 'user:manage' },
];

function expected(route: Route, caller: Caller): 'allowed' | 401 | 403 {
  if (caller === 'revoked-token') return 401; // bad credentials are refused everywhere
  if (!route.permission) return 'allowed';
  const role = ROLE_OF[caller];
  if (!role) return 401;
  if (route.alsoDenied?.includes(caller)) return 403;
  return (PERMISSIONS[route.permission] as readonly Role[]).includes(role) ? 'allowed' : 403;
}

function viaHeaders(auth: Record<string, string>): Call {
  return async (method, path, body, headers = {}) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...auth, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

const bearer = (token: string) => viaHeaders({ authorization: `Bearer ${token}` });

async function expiredSession(): Promise<Call> {
  const admin = await store.accounts.findUserByName('admin');
  const sessionId = randomUUID();
  const csrfToken = randomUUID();
  await store.accounts.createSession({ idHash: sha256(sessionId), userId: admin!.id, csrfToken, expiresAt: new Date(Date.now() - 1000).toISOString() });
  return viaHeaders({ cookie: `${SESSION_COOKIE}=${sessionId}`, 'x-csrf-token': csrfToken });
}

beforeAll(async () => {
  store = openSqliteStore(tempDir());
  server = await startServer({ store });
  writer = await issueToken(server.url, 'staff');
  const revoked = await issueToken(server.url, 'staff');
  const admin = await login(server.url);
  const tokens = (await (await fetch(`${server.url}/api/v1/tokens`, { headers: { cookie: admin.cookie } })).json()).items as Array<{ id: string }>;
  await fetch(`${server.url}/api/v1/tokens/${tokens[1]!.id}`, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });

  const person = async (role: 'staff' | 'organizer') => {
    const session = await userSession(server.url, role);
    return (async (method, path, body, headers) => (await session.call(method, path, body, headers)).status) as Call;
  };
  const adminSession = await sessionOf(server.url);
  Object.assign(calls, {
    anonymous: viaHeaders({}),
    display: bearer(await issueToken(server.url, 'display')),
    device: bearer(await issueToken(server.url, 'device', { venueId: 'v1' })),
    'staff-token': bearer(await issueToken(server.url, 'staff')),
    'organizer-token': bearer(await issueToken(server.url, 'organizer')),
    staff: await person('staff'),
    organizer: await person('organizer'),
    admin: (async (method, path, body, headers) => (await adminSession.call(method, path, body, headers)).status) as Call,
    'revoked-token': bearer(revoked),
    'expired-session': await expiredSession(),
  });
});
afterAll(async () => {
  await server.close();
});

describe('every caller through every route, against the role table', () => {
  for (const route of ROUTES) {
    it(`${route.name}: ${route.permission ?? 'public'}`, async () => {
      const outcomes: string[] = [];
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        const path = await route.path();
        const status = await calls[caller](route.method, path, route.body?.(), route.headers?.());
        const want = expected(route, caller);
        const got = status === 401 || status === 403 ? status : 'allowed';
        outcomes.push(`${caller}:${status}`);
        if (got !== want) wrong.push(`${caller} ${route.method} ${path}: expected ${want}, got ${status}`);
      }
      expect(wrong, outcomes.join(' ')).toEqual([]);
    });
  }

  it('covers every permission in the table', () => {
    const tested = new Set(ROUTES.map((r) => r.permission).filter(Boolean));
    const untested = Object.keys(PERMISSIONS).filter((p) => !tested.has(p as Permission));
    // Import and rehearsal have their own tests (staff CSV, organizer rehearsal); both are listed here so a new permission is not forgotten.
    expect(untested.sort()).toEqual(['rehearsal:manage', 'signing:edit-any', 'signing:import']);
  });
});

describe('sockets cannot change data', () => {
  it('anonymous and display sockets emit anything they like and nothing changes', async () => {
    const before = await (await fetch(`${server.url}/api/v1/summary`)).json();
    const display = await issueToken(server.url, 'display');
    const sockets = [
      io(server.url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false }),
      io(server.url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false }),
      io(server.url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: display } }),
    ];
    await Promise.all(sockets.map((s) => waitFor(s, 'connect')));
    const names = [...Object.values(LiveEvents), ...Object.values(FleetEvents), 'signing:create', 'fleet:command', 'attendance:report'];
    for (const socket of sockets) {
      for (const name of names) {
        // Not part of the contract on purpose: the server must ignore whatever arrives.
        (socket as unknown as { emit(event: string, payload: unknown): void }).emit(name, { ...sampleSigning(), target: { type: 'all' }, command: { kind: 'blank', on: true } });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    sockets.forEach((s) => s.disconnect());
    const after = await (await fetch(`${server.url}/api/v1/summary`)).json();
    expect(after.signings).toEqual(before.signings);
    const admin = await sessionOf(server.url);
    const assignments = (await admin.call('GET', '/api/v1/fleet/assignments')).body;
    expect(JSON.stringify(assignments)).not.toContain('"blank"');
  });
});
