import { describe, expect, it } from 'vitest';
import { LiveEvents, type SigningMessage, type Snapshot } from '../../shared/live.js';
import { summarize } from '../../shared/summary.js';
import {
  issueToken,
  ADMIN_PASSWORD,
  login,
  postSigning,
  sampleSigning,
  snapshotClient,
  startServer,
  waitFor,
  type LiveClient,
} from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';
import { sessionOf } from './staff-support.js';

const closing = closeAfterEach();

function connected(url: string, n: number): Promise<LiveClient[]> {
  return Promise.all(Array.from({ length: n }, () => snapshotClient(url, closing)));
}

describe('signings reach every screen', () => {
  it('broadcasts one POST to three clients with the right seq and totals', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'staff');
    const screens = await connected(server.url, 3);
    const received = screens.map((c) => waitFor<SigningMessage>(c, LiveEvents.signingCreated));

    const { res, body } = await postSigning(server.url, token);
    expect(res.status).toBe(201);
    expect(body.seq).toBe(1);
    expect(body.signing.amountCny).toBe(5_000_000_000);

    for (const message of await Promise.all(received)) {
      expect(message.seq).toBe(1);
      expect(message.prevSeq).toBe(0);
      expect(message.signing.id).toBe(body.signing.id);
      expect(message.summary.signings).toEqual({ count: 1, amountCny: 5_000_000_000 });
      expect(message.summary.byVenue.v1).toEqual({ count: 1, amountCny: 5_000_000_000 });
    }
  });

  it('sends a snapshot with the current totals on connect', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'staff');
    // 10,000 dollars: over the 1 万元 under which a signing is held for review.
    await postSigning(server.url, token, sampleSigning({ amount: 10_000, currency: 'USD' }));
    const [screen] = await connected(server.url, 1);
    screen!.emit(LiveEvents.snapshotRequest);
    const fresh = await waitFor<Snapshot>(screen!, LiveEvents.snapshot);
    expect(fresh.seq).toBe(1);
    expect(fresh.summary.signings.amountCny).toBe(71_200);
    expect(fresh.recentSignings).toHaveLength(1);
  });

  it('creates one signing for a retried idempotency key and refuses the key with another body', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'staff');
    const first = await postSigning(server.url, token, sampleSigning(), 'same-key');
    const again = await postSigning(server.url, token, sampleSigning(), 'same-key');
    expect(first.res.status).toBe(201);
    expect(again.res.status).toBe(201);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.signing.id).toBe(first.body.signing.id);
    expect(again.body.seq).toBe(first.body.seq);

    const other = await postSigning(server.url, token, sampleSigning({ amount: 1 }), 'same-key');
    expect(other.res.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');

    const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
    expect(summary.signings.count).toBe(1);
  });

  it('creates exactly one signing from concurrent retries of one key', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'staff');
    const results = await Promise.all(Array.from({ length: 10 }, () => postSigning(server.url, token, sampleSigning(), 'burst')));
    expect(new Set(results.map((r) => r.body.signing.id)).size).toBe(1);
    const list = await (await fetch(`${server.url}/api/v1/signings`)).json();
    expect(list.items).toHaveLength(1);
  });

  it('answers 401, 403 and 400 with the error body', async () => {
    const server = closing(await startServer());
    const noAuth = await fetch(`${server.url}/api/v1/signings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      body: JSON.stringify(sampleSigning()),
    });
    expect(noAuth.status).toBe(401);
    expect((await noAuth.json()).error.code).toBe('unauthenticated');

    const display = await issueToken(server.url, 'display');
    const forbidden = await postSigning(server.url, display);
    expect(forbidden.res.status).toBe(403);

    const staff = await issueToken(server.url, 'staff');
    const bad = await postSigning(server.url, staff, {
      ...sampleSigning(),
      amount: -5,
      investorCountry: 'XX',
      venueId: 'nowhere',
      extra: 1,
    });
    expect(bad.res.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['amount', 'extra', 'investorCountry', 'venueId']);

    const noKey = await fetch(`${server.url}/api/v1/signings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
      body: JSON.stringify(sampleSigning()),
    });
    expect(noKey.status).toBe(400);
    expect((await noKey.json()).error.fields).toHaveProperty('Idempotency-Key');

    const revoked = await fetch(`${server.url}/api/v1/signings`, {
      headers: { authorization: 'Bearer pvl_unknown' },
    });
    expect(revoked.status).toBe(401);
  });

  it('keeps every signing and continues seq after a restart on the same data', async () => {
    // Closed by the test itself, before the restart on the same data.
    const before = await startServer();
    const { dataDir, event } = before;
    const token = await issueToken(before.url, 'staff');
    for (let i = 0; i < 5; i++) await postSigning(before.url, token, sampleSigning({ amount: (i + 1) * 1e8 }));
    await before.close();

    const server = closing(await startServer({ dataDir }));
    const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
    expect(summary.seq).toBe(5);
    expect(summary.signings).toEqual({ count: 5, amountCny: 15e8 });
    const list = await (await fetch(`${server.url}/api/v1/signings?limit=2`)).json();
    const all = [...list.items];
    let cursor = list.nextCursor;
    while (cursor) {
      const page = await (await fetch(`${server.url}/api/v1/signings?limit=2&cursor=${cursor}`)).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all).toHaveLength(5);
    expect(summarize(all, event.timeZone)).toEqual({ ...summary, seq: 0 });

    const next = await postSigning(server.url, await issueToken(server.url, 'staff'));
    expect(next.body.seq).toBe(6);
  });
});

describe('accounts', () => {
  it('logs in with an HttpOnly cookie and refuses a wrong password', async () => {
    const server = closing(await startServer());
    const ok = await login(server.url);
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(ok.res.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const wrong = await login(server.url, 'admin', 'nope');
    expect(wrong.res.status).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const server = closing(await startServer());
    const admin = await login(server.url);
    const withoutCsrf = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: JSON.stringify({ role: 'staff', label: 'desk 1' }),
    });
    expect(withoutCsrf.status).toBe(403);
    expect((await withoutCsrf.json()).error.code).toBe('csrf_failed');
  });

  it('revokes a token', async () => {
    const server = closing(await startServer());
    const admin = await sessionOf(server.url);
    const { token, id } = (await admin.call('POST', '/api/v1/tokens', { role: 'staff', label: 'desk 1' })).body;
    expect((await postSigning(server.url, token)).res.status).toBe(201);
    const revoke = await admin.call('DELETE', `/api/v1/tokens/${id}`);
    expect(revoke.status).toBe(204);
    expect((await postSigning(server.url, token)).res.status).toBe(401);
  });
});

describe('behind a TLS proxy', () => {
  it('marks the session cookie Secure when the proxy says the request was HTTPS', async () => {
    const server = closing(await startServer({ trustProxy: 'loopback' }));
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('stores SQL in text fields verbatim', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'staff');
    const sql = "x'); DROP TABLE signings; --";
    const { body } = await postSigning(server.url, token, sampleSigning({ title: sql, investor: '" OR 1=1 --' }));
    const stored = await (await fetch(`${server.url}/api/v1/signings/${body.signing.id}`)).json();
    expect(stored.signing.title).toBe(sql);
    expect(stored.signing.investor).toBe('" OR 1=1 --');
  });
});
