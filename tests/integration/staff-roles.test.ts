import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, postSigning, startServer, type TestServer } from '../support/server.js';
import { nextKey, userSession, type Session } from './staff-support.js';

/**
 * Every role against every write route of the staff desk. "allowed" means the role got past
 * the permission check (the answer is neither 401 nor 403); "denied" means exactly 403
 * (401 for a caller without credentials).
 */
type Caller = 'anonymous' | 'admin' | 'organizer' | 'staff' | 'staff-token' | 'device-token' | 'display-token';
const CALLERS: Caller[] = ['anonymous', 'admin', 'organizer', 'staff', 'staff-token', 'device-token', 'display-token'];

interface Route {
  name: string;
  allowed: Caller[];
  /** Makes a fresh target and sends the request. */
  send(call: Call): Promise<number>;
}

type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>, raw?: string) => Promise<number>;

let server: TestServer;
let callers: Record<Caller, Call>;
let writer: string;

async function freshSigning(): Promise<{ id: string; version: number }> {
  const { body } = await postSigning(server.url, writer);
  return body.signing;
}

const CSV = 'title,investor,investor country,partner,amount,sector,venue,area\nX,Y,US,Z,1亿,ai,v1,ai\n';

const ROUTES: Route[] = [
  {
    name: 'POST /signings',
    allowed: ['admin', 'organizer', 'staff', 'staff-token'],
    send: (call) => call('POST', '/signings', { title: 'x', investor: 'y', investorCountry: 'US', partner: 'z', amount: 1e8, currency: 'CNY', sector: 'ai', venueId: 'v1', areaId: 'ai' }, { 'idempotency-key': nextKey() }),
  },
  {
    // Staff may edit only their own entries: this one was entered by another token.
    name: "PATCH /signings/:id (someone else's)",
    allowed: ['admin', 'organizer'],
    send: async (call) => {
      const s = await freshSigning();
      return call('PATCH', `/signings/${s.id}`, { title: 'changed', version: s.version, reason: 'test' });
    },
  },
  {
    name: 'POST /signings/:id/void',
    allowed: ['admin', 'organizer'],
    send: async (call) => call('POST', `/signings/${(await freshSigning()).id}/void`, { reason: 'test' }),
  },
  {
    name: 'POST /signings/:id/verify',
    allowed: ['admin', 'organizer', 'staff', 'staff-token'],
    send: async (call) => call('POST', `/signings/${(await freshSigning()).id}/verify`, {}),
  },
  {
    name: 'POST /signings/import',
    allowed: ['admin', 'organizer'],
    send: (call) => call('POST', '/signings/import?dryRun=true', undefined, { 'content-type': 'text/csv' }, CSV),
  },
  { name: 'GET /signings.csv', allowed: ['admin', 'organizer', 'staff', 'staff-token'], send: (call) => call('GET', '/signings.csv') },
  { name: 'GET /audit', allowed: ['admin', 'organizer'], send: (call) => call('GET', '/audit') },
  {
    name: 'POST /users',
    allowed: ['admin'],
    send: (call) => call('POST', '/users', { username: `u${nextKey().replace(/\D/g, '')}`, password: 'long-enough-pw', role: 'staff' }),
  },
  { name: 'PATCH /users/:id', allowed: ['admin'], send: (call) => call('PATCH', '/users/nobody', { role: 'staff' }) },
  { name: 'POST /tokens', allowed: ['admin'], send: (call) => call('POST', '/tokens', { role: 'display', label: 'screen' }) },
  { name: 'GET /tokens', allowed: ['admin'], send: (call) => call('GET', '/tokens') },
];

function viaSession(session: Session): Call {
  return async (method, path, body, headers, raw) => (await session.call(method, `/api/v1${path}`, body, headers, raw)).status;
}

function viaToken(token: string | null): Call {
  return async (method, path, body, headers = {}, raw) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

beforeAll(async () => {
  server = await startServer();
  writer = await issueToken(server.url, 'staff');
  callers = {
    anonymous: viaToken(null),
    admin: viaSession(await userSession(server.url, 'admin')),
    organizer: viaSession(await userSession(server.url, 'organizer')),
    staff: viaSession(await userSession(server.url, 'staff')),
    'staff-token': viaToken(await issueToken(server.url, 'staff')),
    'device-token': viaToken(await issueToken(server.url, 'device', { venueId: 'v1' })),
    'display-token': viaToken(await issueToken(server.url, 'display')),
  };
});
afterAll(async () => {
  await server?.close();
});

describe('the role table on every write route', () => {
  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      const allowed = route.allowed.includes(caller);
      it(`${route.name}: ${caller} is ${allowed ? 'allowed' : 'denied'}`, async () => {
        const status = await route.send(callers[caller]);
        if (allowed) expect([401, 403]).not.toContain(status);
        else expect(status).toBe(caller === 'anonymous' ? 401 : 403);
      });
    }
  }

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const admin = await userSession(server.url, 'organizer');
    const s = await freshSigning();
    const res = await admin.call('POST', `/api/v1/signings/${s.id}/void`, { reason: 'x' }, { 'x-csrf-token': 'wrong' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });

  it('locks a disabled user out at once, sessions included', async () => {
    const admin = await userSession(server.url, 'admin');
    const staff = await userSession(server.url, 'staff', 'leaving');
    const users = (await admin.call('GET', '/api/v1/users')).body.items as Array<{ id: string; username: string }>;
    const id = users.find((u) => u.username === 'leaving')!.id;
    expect((await admin.call('PATCH', `/api/v1/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await staff.call('GET', '/api/v1/auth/me')).status).toBe(401);
    const again = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leaving', password: 'staff-password-123' }),
    });
    expect(again.status).toBe(401);
  });
});
