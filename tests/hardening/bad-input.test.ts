import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.js';
import { summarize } from '../../shared/summary.js';
import { issueToken, login, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

/** Generated cases per route: small in CI, `PAVILION_FUZZ_RUNS=10000` for a full run. */
const RUNS = Number(process.env.PAVILION_FUZZ_RUNS ?? 150);

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '\u202Eevil\u202C',
    '👩‍👩‍👧‍👦',
    'a\u200Db',
    '\uD800',
    '\uDFFF',
    "'; DROP TABLE signings; --",
    '<img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x")',
    'NaN',
    '1e309',
    '-0',
    '1970-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    ' ',
    '',
    '%E0%A4%A',
    '%ZZ',
  ),
  fc.string({ maxLength: 5000 }).map((s) => s.repeat(3)),
);

const hostileValue = fc.oneof(
  hostileString,
  fc.constantFrom(-0, Number.MAX_VALUE, -1, 0, 1e-9, 2 ** 53 + 1, null, true, [], {}),
  fc.double(),
  fc.integer(),
  fc.array(fc.anything(), { maxLength: 20 }),
  fc.anything({ maxDepth: 4 }),
);

/** Raw bodies JSON.stringify would never produce. */
const rawBody = fc.oneof(
  fc.constantFrom(
    '{"amount": 1e309}',
    '{"amount": -0}',
    '{"amount": NaN}',
    '[' .repeat(5000) + ']'.repeat(5000),
    '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    '{',
    'null',
    '"just a string"',
    '\uFEFF{}',
  ),
  fc.string({ maxLength: 200 }),
);

function mutatedSigning() {
  const valid = sampleSigning() as unknown as Record<string, unknown>;
  const keys = Object.keys(valid);
  return fc.oneof(
    // Some cases must be created for the totals check below to mean something; mutations alone
    // once left none in 150 cases.
    fc.constant(valid),
    fc.record({ key: fc.constantFrom(...keys), value: hostileValue }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => {
      const copy = { ...valid };
      delete copy[key];
      return copy;
    }),
    fc.record({ key: fc.string({ maxLength: 20 }), value: hostileValue }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 12 }),
    fc.anything({ maxDepth: 5 }),
  );
}

interface Route {
  name: string;
  method: 'POST' | 'GET' | 'DELETE' | 'PATCH';
  path: (value: string) => string;
  auth: () => Record<string, string>;
  body?: fc.Arbitrary<unknown>;
}

let server: TestServer;
let staffToken: string;
let deviceToken: string;
let signingId: string;
let adminHeaders: Record<string, string>;
let keyCounter = 0;
let created = 0;

beforeAll(async () => {
  server = await startServer();
  staffToken = await issueToken(server.url, 'staff');
  deviceToken = await issueToken(server.url, 'device', { venueId: 'v1' });
  signingId = (await postSigning(server.url, staffToken)).body.signing.id;
  const admin = await login(server.url);
  adminHeaders = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
});
afterAll(async () => {
  await server.close();
});

/** The admin's `POST /signings/:id/<action>` on the one signing, with a hostile reason and version. */
function signingAction(action: 'void' | 'verify'): Route {
  return {
    name: `POST /signings/:id/${action}`,
    method: 'POST',
    path: () => `/api/v1/signings/${signingId}/${action}`,
    auth: () => adminHeaders,
    body: fc.record({ reason: hostileValue, version: hostileValue }, { requiredKeys: [] }),
  };
}

const routes: Route[] = [
  {
    name: 'POST /signings',
    method: 'POST',
    path: () => '/api/v1/signings',
    auth: () => ({ authorization: `Bearer ${staffToken}`, 'idempotency-key': `fuzz-${++keyCounter}` }),
    body: mutatedSigning(),
  },
  { name: 'POST /auth/login', method: 'POST', path: () => '/api/v1/auth/login', auth: () => ({}), body: fc.anything({ maxDepth: 3 }) },
  {
    name: 'POST /tokens',
    method: 'POST',
    path: () => '/api/v1/tokens',
    auth: () => adminHeaders,
    body: fc.oneof(
      fc.record({ role: hostileValue, label: hostileValue, venueId: hostileValue, gateIds: hostileValue }, { requiredKeys: [] }),
      fc.anything({ maxDepth: 3 }),
    ),
  },
  {
    name: 'GET /signings?query',
    method: 'GET',
    path: (v) => `/api/v1/signings?limit=${v}&cursor=${v}&includeUncounted=${v}`,
    auth: () => ({}),
  },
  { name: 'GET /signings/:id', method: 'GET', path: (v) => `/api/v1/signings/${v}`, auth: () => ({}) },
  { name: 'DELETE /tokens/:id', method: 'DELETE', path: (v) => `/api/v1/tokens/${v}`, auth: () => adminHeaders },
  {
    name: 'POST /attendance/counts',
    method: 'POST',
    path: () => '/api/v1/attendance/counts',
    auth: () => ({ authorization: `Bearer ${deviceToken}` }),
    body: fc.oneof(
      fc.record({ gateId: hostileValue, batchId: hostileValue, from: hostileValue, to: hostileValue, entries: hostileValue, exits: hostileValue }, { requiredKeys: [] }),
      fc.record({ counts: fc.array(fc.record({ gateId: fc.constant('v1-g1'), batchId: hostileString, at: hostileValue, entriesTotal: hostileValue, exitsTotal: hostileValue }), { maxLength: 5 }) }),
      fc.anything({ maxDepth: 4 }),
    ),
  },
  {
    name: 'POST /attendance/scans',
    method: 'POST',
    path: () => '/api/v1/attendance/scans',
    auth: () => ({ authorization: `Bearer ${deviceToken}` }),
    body: fc.oneof(
      fc.record({ badgeId: hostileValue, gateId: hostileValue, at: hostileValue, direction: hostileValue }, { requiredKeys: [] }),
      fc.record({ scans: fc.array(fc.record({ badgeId: hostileString, gateId: fc.constant('v1-g1'), at: hostileValue, direction: fc.constantFrom('in', 'out') }), { maxLength: 5 }) }),
      fc.anything({ maxDepth: 4 }),
    ),
  },
  signingAction('void'),
  {
    name: 'PATCH /signings/:id',
    method: 'PATCH',
    path: () => `/api/v1/signings/${signingId}`,
    auth: () => adminHeaders,
    body: fc.oneof(
      fc.record({ title: hostileValue, amount: hostileValue, version: hostileValue, reason: hostileValue, status: hostileValue }, { requiredKeys: [] }),
      mutatedSigning().map((v) => (typeof v === 'object' && v !== null ? { ...v, version: 1, reason: 'fix' } : v)),
    ),
  },
  signingAction('verify'),
  {
    name: 'PATCH /users/:id',
    method: 'PATCH',
    path: (v) => `/api/v1/users/${v}`,
    auth: () => adminHeaders,
    body: fc.record({ role: hostileValue, password: hostileValue, disabled: hostileValue }, { requiredKeys: [] }),
  },
  {
    name: 'POST /users',
    method: 'POST',
    path: () => '/api/v1/users',
    auth: () => adminHeaders,
    body: fc.record({ username: hostileValue, password: hostileValue, role: hostileValue }, { requiredKeys: [] }),
  },
  {
    name: 'POST /fleet/commands',
    method: 'POST',
    path: () => '/api/v1/fleet/commands',
    auth: () => adminHeaders,
    body: fc.oneof(
      fc.record({ target: hostileValue, command: hostileValue }, { requiredKeys: [] }),
      fc.record({ target: fc.constant({ type: 'all' }), command: fc.record({ kind: fc.constantFrom('announce', 'spotlight', 'profile', 'blank'), text: hostileValue, seconds: hostileValue, profile: hostileValue, on: hostileValue }) }),
    ),
  },
  {
    name: 'GET /organizer/signings?query',
    method: 'GET',
    path: (v) => `/api/v1/organizer/signings?venue=${v}&q=${v}&sort=${v}&page=${v}&at=${v}`,
    auth: () => adminHeaders,
  },
  { name: 'GET /organizer/summary?at', method: 'GET', path: (v) => `/api/v1/organizer/summary?at=${v}&day=${v}`, auth: () => adminHeaders },
  { name: 'GET /audit?query', method: 'GET', path: (v) => `/api/v1/audit?limit=${v}&from=${v}&type=${v}&cursor=${v}`, auth: () => adminHeaders },
];

/** Path values: well-formed text, percent-encoded, plus raw broken escapes now and then. */
function pathValue(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value) ?? '').slice(0, 500);
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return text.startsWith('%') ? text : encodeURIComponent(wellFormed);
}

async function send(route: Route, value: unknown, raw?: string) {
  const res = await fetch(server.url + route.path(pathValue(value)), {
    method: route.method,
    headers: { 'content-type': 'application/json', ...route.auth() },
    ...(route.method === 'POST' || route.method === 'PATCH' ? { body: raw ?? JSON.stringify(value) ?? 'undefined' } : {}),
  });
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: unknown } } | undefined;
  return { status: res.status, body };
}

function expectWellFormed(result: Awaited<ReturnType<typeof send>>): void {
  expect(result.status).toBeLessThan(500);
  if (result.status >= 400) {
    expect(Object.keys(ERROR_CODES)).toContain(result.body?.error?.code);
    expect(typeof result.body?.error?.message).toBe('string');
  }
}

describe(`hostile input (${RUNS} cases per route)`, () => {
  for (const route of routes) {
    it(`${route.name} answers 4xx with an error body, never 5xx`, async () => {
      const arbitrary = route.body ?? hostileString;
      await fc.assert(
        fc.asyncProperty(arbitrary, async (value) => {
          const result = await send(route, value);
          if (route.name === 'POST /signings' && result.status === 201) created += 1;
          expectWellFormed(result);
        }),
        { numRuns: RUNS },
      );
      if (route.method === 'POST' || route.method === 'PATCH') {
        await fc.assert(
          fc.asyncProperty(rawBody, async (raw) => expectWellFormed(await send(route, undefined, raw))),
          { numRuns: Math.ceil(RUNS / 5) },
        );
      }
    });
  }

  it('is still serving, and the totals equal the stored signings', async () => {
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
    const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
    const list = await (await fetch(`${server.url}/api/v1/signings?limit=500`)).json();
    expect(list.items).toHaveLength(summary.signings.count);
    expect(created).toBeGreaterThan(0);
    expect(summarize(list.items, server.event.timeZone)).toEqual({ ...summary, seq: 0 });
  });
});

describe('transport limits', () => {
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${server.url}/api/v1/signings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'idempotency-key': `limit-${++keyCounter}`, ...headers },
      body,
    });

  it('answers 413 for a body over the limit', async () => {
    const res = await post({ 'content-type': 'application/json' }, JSON.stringify({ title: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await post({ 'content-type': 'text/plain' }, JSON.stringify(sampleSigning()));
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('answers 400 for invalid JSON', async () => {
    const res = await post({ 'content-type': 'application/json' }, '{"title": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_json');
  });
});
