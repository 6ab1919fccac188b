import { afterEach, describe, expect, it } from 'vitest';
import type { SigningsPage } from '../../shared/organizer.js';
import type { Signing } from '../../shared/signing.js';
import { summarize, type Summary } from '../../shared/summary.js';
import { issueToken, login, movableClock, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function getJson<T>(url: string, cookie: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as T };
}

describe('organizer routes', () => {
  it('computes every figure at a past moment from the change log', async () => {
    const clock = movableClock();
    server = await startServer({ now: clock.now });
    const staff = await issueToken(server.url, 'staff');
    const { cookie } = await login(server.url);
    const created: Signing[] = [];
    const post = async (overrides: Parameters<typeof sampleSigning>[0]) => {
      const { res, body } = await postSigning(server!.url, staff, sampleSigning(overrides));
      expect(res.status).toBe(201);
      created.push(body['signing'] as Signing);
    };
    await post({ amount: 100_000_000, venueId: 'v1' });
    await post({ amount: 250_000_000, venueId: 'v2', areaId: 'forums', investorCountry: 'JP' });
    clock.advance(1000);
    const t = clock.now().toISOString();
    clock.advance(1000);
    await post({ amount: 7_000_000_000, venueId: 'v1' });

    const before = created.filter((s) => s.createdAt <= t);
    expect(before).toHaveLength(2);
    const expected = summarize(before, server.event.timeZone);

    const past = await getJson<{ summary: Summary; at: string }>(`${server.url}/api/v1/organizer/summary?at=${encodeURIComponent(t)}`, cookie);
    expect(past.status).toBe(200);
    const { seq: _seq, attendance: _a, ...figures } = past.body.summary;
    const { seq: _s, attendance: _b, ...expectedFigures } = expected;
    expect(figures).toEqual(expectedFigures);

    const now = await getJson<{ summary: Summary }>(`${server.url}/api/v1/organizer/summary`, cookie);
    expect(now.body.summary.signings.count).toBe(3);

    const filtered = await getJson<{ summary: Summary }>(`${server.url}/api/v1/organizer/summary?venue=v1&at=${encodeURIComponent(t)}`, cookie);
    expect(filtered.body.summary.signings).toEqual({ count: 1, amountCny: 100_000_000 });

    const table = await getJson<SigningsPage>(`${server.url}/api/v1/organizer/signings?venue=v1&sort=amountCny&dir=asc&pageSize=1&page=2`, cookie);
    expect(table.body.total).toBe(2);
    expect(table.body.items.map((s) => s.amountCny)).toEqual([7_000_000_000]);
  });

  it('counts a signing voided before the moment out, and one voided after it in', async () => {
    const clock = movableClock();
    server = await startServer({ now: clock.now });
    const staff = await issueToken(server.url, 'staff');
    const organizer = await issueToken(server.url, 'organizer');
    const { cookie } = await login(server.url);
    const post = async (amount: number) => (await postSigning(server!.url, staff, sampleSigning({ amount }))).body['signing'] as Signing;
    const voidIt = async (s: Signing) => {
      const res = await fetch(`${server!.url}/api/v1/signings/${s.id}/void`, {
        method: 'POST',
        headers: { authorization: `Bearer ${organizer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'entered twice', version: s.version }),
      });
      expect(res.status).toBe(200);
    };
    const a = await post(100_000_000);
    const b = await post(200_000_000);
    await voidIt(a);
    clock.advance(1000);
    const t = clock.now().toISOString();
    clock.advance(1000);
    await post(400_000_000);
    await voidIt(b);

    const past = await getJson<{ summary: Summary }>(`${server.url}/api/v1/organizer/summary?at=${encodeURIComponent(t)}`, cookie);
    const { seq: _s, attendance: _a, ...figures } = past.body.summary;
    const { seq: _t, attendance: _b, ...expected } = summarize([b], server.event.timeZone);
    expect(figures).toEqual(expected);
    const table = await getJson<SigningsPage>(`${server.url}/api/v1/organizer/signings?at=${encodeURIComponent(t)}`, cookie);
    expect(table.body.items.map((s) => s.id)).toEqual([b.id]);
    const now = await getJson<{ summary: Summary }>(`${server.url}/api/v1/organizer/summary`, cookie);
    expect(now.body.summary.signings).toEqual({ count: 1, amountCny: 400_000_000 });
  });

  it('is for organizers and admins only, and rejects bad queries', async () => {
    server = await startServer();
    const staff = await issueToken(server.url, 'staff');
    expect((await fetch(`${server.url}/api/v1/organizer/summary`)).status).toBe(401);
    const asStaff = await fetch(`${server.url}/api/v1/organizer/summary`, { headers: { authorization: `Bearer ${staff}` } });
    expect(asStaff.status).toBe(403);
    const { cookie } = await login(server.url);
    const bad = await getJson<{ error: { fields: Record<string, string> } }>(`${server.url}/api/v1/organizer/signings?sort=password&at=yesterday`, cookie);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['at', 'sort']);
  });

  it('exports CSV with a BOM and formulas defused, matching the filters', async () => {
    server = await startServer();
    const staff = await issueToken(server.url, 'staff');
    const { cookie } = await login(server.url);
    await postSigning(server.url, staff, sampleSigning({ title: '=HYPERLINK("x")', venueId: 'v1' }));
    await postSigning(server.url, staff, sampleSigning({ title: 'Other venue', venueId: 'v2', areaId: 'forums' }));
    const res = await fetch(`${server.url}/api/v1/organizer/export/signings.csv?venue=v1`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toContain('Other venue');
    const audit = await (await fetch(`${server.url}/api/v1/organizer/export/audit.csv`, { headers: { cookie } })).text();
    expect(audit.split('\r\n').filter(Boolean)).toHaveLength(3);
    const attendance = await fetch(`${server.url}/api/v1/organizer/export/attendance.csv`, { headers: { cookie } });
    expect(attendance.status).toBe(200);
  });
});
