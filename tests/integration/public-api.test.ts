import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicSummarySchema, type PublicSummary } from '../../shared/public.js';
import { issueToken, login, postSigning, sampleSigning, startServer, tempDir, type TestServer } from '../support/server.js';

/** A built client stand-in: the server only needs the two pages to exist. */
function fakeClient(): string {
  const dir = tempDir('pavilion-public-client-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(dir, 'public.html'), '<!doctype html><title>public</title>');
  return dir;
}

const SUMMARY = '/api/v1/public/summary';

async function publicSummary(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url + SUMMARY, { headers });
  return { res, body: res.status === 200 ? ((await res.json()) as PublicSummary) : undefined };
}

async function untilSeq(url: string, seq: number): Promise<PublicSummary> {
  for (;;) {
    const { body } = await publicSummary(url);
    if (body && body.seq >= seq) return body;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('public JSON built for caches', () => {
  let server: TestServer;
  let staff: string;

  beforeAll(async () => {
    server = await startServer({ clientDir: fakeClient() });
    staff = await issueToken(server.url, 'staff');
  });
  afterAll(() => server.close());

  it('sends public cache headers, a strong ETag from seq, CORS and a cross-origin resource policy', async () => {
    const { res, body } = await publicSummary(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=2');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"${body!.seq}-[A-Za-z0-9_-]+"$`));
    expect(publicSummarySchema.parse(body)).toEqual(body);
  });

  it('answers 304 to If-None-Match until the figures change, then 200 with a new tag', async () => {
    const first = await publicSummary(server.url);
    const etag = first.res.headers.get('etag')!;
    const again = await publicSummary(server.url, { 'if-none-match': etag });
    expect(again.res.status).toBe(304);
    expect(again.res.headers.get('etag')).toBe(etag);
    expect(again.res.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=2');
    expect((await publicSummary(server.url, { 'if-none-match': `"x", W/${etag}` })).res.status).toBe(304);

    const { body: created } = await postSigning(server.url, staff);
    await untilSeq(server.url, created.seq as number);
    const changed = await publicSummary(server.url, { 'if-none-match': etag });
    expect(changed.res.status).toBe(200);
    expect(changed.res.headers.get('etag')).not.toBe(etag);
    expect(changed.body!.latestSignings[0]!.id).toBe(created.signing.id);
  });

  it('carries only what the public may see: no staff names, no held signings', async () => {
    const before = await untilSeq(server.url, 0);
    const { body: held } = await postSigning(server.url, staff, sampleSigning({ title: 'Held for review', amount: 5e11 }));
    expect(held.signing.status).toBe('held');
    const { body: published } = await postSigning(server.url, staff, sampleSigning({ title: 'Published one' }));
    const after = await untilSeq(server.url, published.seq as number);
    const text = JSON.stringify(after);
    expect(text).not.toContain('createdBy');
    expect(text).not.toContain('test staff');
    expect(text).not.toContain('Held for review');
    expect(after.signings.count).toBe(before.signings.count + 1);
    expect(Object.keys(after.latestSignings[0]!).sort()).toEqual(Object.keys(publicSummarySchema.shape.latestSignings.element.shape).sort());
    expect(after.targets).toEqual(server.event.targets);
  });

  it('answers the CORS preflight a cross-site If-None-Match needs', async () => {
    const res = await fetch(server.url + SUMMARY, {
      method: 'OPTIONS',
      headers: { origin: 'https://news.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('If-None-Match');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('serves the public event without gates, rates or limits, cacheable', async () => {
    const res = await fetch(`${server.url}/api/v1/public/event`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=60');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(body).not.toHaveProperty('exchangeRates');
    expect(body).not.toHaveProperty('limits');
    expect(JSON.stringify(body)).not.toContain('"gates"');
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${server.url}/api/v1/public/event`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('never lets a cache keep an authenticated answer', async () => {
    const admin = await login(server.url);
    for (const route of ['/api/v1/auth/me', '/api/v1/signings', '/api/v1/summary', '/api/v1/event']) {
      const res = await fetch(server.url + route, { headers: { cookie: admin.cookie } });
      expect(res.status, route).toBe(200);
      expect(res.headers.get('cache-control'), route).toBe('private, no-store');
    }
    const bearer = await fetch(`${server.url}/api/v1/signings?includeUncounted=true`, { headers: { authorization: `Bearer ${staff}` } });
    expect(bearer.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${server.url}/api/v1/tokens`, { headers: { cookie: admin.cookie } })).headers.get('cache-control')).toBe('private, no-store');
  });

  it('gives anonymous reads of the screens’ routes short public lifetimes, varied on credentials where staff see more', async () => {
    const list = await fetch(`${server.url}/api/v1/signings`);
    expect(list.headers.get('cache-control')).toBe('public, max-age=2, stale-while-revalidate=2');
    expect(list.headers.get('vary')).toMatch(/Authorization.*Cookie/);
    expect((await fetch(`${server.url}/api/v1/summary`)).headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=2');
    expect((await fetch(`${server.url}/api/v1/event`)).headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
    const missing = await fetch(`${server.url}/api/v1/signings/no-such-id`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('private, no-store');
    expect((await fetch(`${server.url}/api/v1/no-such-route`)).headers.get('cache-control')).toBe('private, no-store');
  });

  it('keeps every page out of frames, embeds included, when no embed origin is configured', async () => {
    for (const page of ['/', '/public', '/embed/counter']) {
      const res = await fetch(server.url + page);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-security-policy'), page).toContain("frame-ancestors 'none'");
    }
  });
});

describe('embeds with PAVILION_EMBED_ORIGINS', () => {
  let server: TestServer;
  const origins = ['https://news.example.com', 'https://*.tianjin.gov.cn'];

  beforeAll(async () => {
    server = await startServer({ clientDir: fakeClient(), embedOrigins: origins });
  });
  afterAll(() => server.close());

  it('lets only the configured sites frame /embed/*, and nothing else', async () => {
    for (const widget of ['counter', 'progress', 'ticker']) {
      const res = await fetch(`${server.url}/embed/${widget}?lang=en&theme=dark`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain(`frame-ancestors ${origins.join(' ')}`);
      expect(csp).toContain("script-src 'self'");
      expect(res.headers.get('x-frame-options')).toBeNull();
    }
    for (const page of ['/', '/public', '/staff', '/api/v1/public/summary']) {
      const res = await fetch(server.url + page);
      expect(res.headers.get('content-security-policy'), page).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), page).toBe('SAMEORIGIN');
    }
  });
});
