import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../server/store/sqlite/sqlite-store.js';
import type { CeremonyDetail, SignAllAnswer } from '../../shared/ceremonies.js';
import { startServerProcess } from '../support/process.js';
import { ADMIN_PASSWORD, issueToken, tempDir } from '../support/server.js';

const ITEMS = 200;

async function api(url: string, token: string, method: string, route: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  // any: the test reads several answer shapes field by field.
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

/** What the database holds after the crash, read with the server stopped. */
function stored(dataDir: string) {
  const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const signed = db.prepare('SELECT item_id AS itemId, signing_id AS signingId FROM ceremony_signed').all() as Array<{ itemId: string; signingId: string }>;
    const signings = db.prepare("SELECT id, json_extract(data, '$.title') AS title, status FROM signings").all() as Array<{ id: string; title: string; status: string }>;
    return { signed, signings };
  } finally {
    db.close();
  }
}

describe('sign-all under kill -9', () => {
  it(`leaves each of ${ITEMS} items signed once or still planned, and the same request finishes the job`, { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const env = { PAVILION_DATA_DIR: dataDir, PAVILION_ADMIN_PASSWORD: ADMIN_PASSWORD };
    let server = await startServerProcess(env);
    const token = await issueToken(server.url, 'organizer');
    const created = await api(server.url, token, 'POST', '/ceremonies', JSON.stringify({ title: { zh: '集中签约', en: 'Signing' }, venueId: 'v1', startsAt: '2024-06-20T10:00:00+08:00' }));
    const id = created.body.ceremony.id as string;
    const rows = Array.from({ length: ITEMS }, (_, i) => `Crash item ${i + 1},Acme AG,DE,Binhai,${i + 1}亿,CNY,icv,v1,icv`);
    const csv = ['title,investor,country,partner,amount,currency,sector,venue,area', ...rows].join('\n');
    expect((await api(server.url, token, 'POST', `/ceremonies/${id}/items/import`, csv, { 'content-type': 'text/csv' })).status).toBe(201);
    expect((await api(server.url, token, 'POST', `/ceremonies/${id}/start`, '{}')).status).toBe(200);

    // Sign-all commits item by item; the process dies once some of them are signed.
    const first = api(server.url, token, 'POST', `/ceremonies/${id}/sign-all`, undefined, { 'idempotency-key': 'the-one-press' }).catch(() => null);
    for (;;) {
      const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
      if (summary.signings.count >= 10) break;
    }
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await first).toBeNull();

    const after = stored(dataDir);
    const signedTitles = new Set(after.signings.map((s) => s.title));
    console.log(`ceremony crash: ${after.signed.length} of ${ITEMS} items signed when killed, ${after.signings.length} signings stored`);
    expect(after.signed.length).toBeGreaterThan(0);
    expect(after.signed.length).toBeLessThan(ITEMS);
    // Signed once: one signing per signed item, none for a planned one.
    expect(after.signings).toHaveLength(after.signed.length);
    expect(signedTitles.size).toBe(after.signings.length);
    const byId = new Map(after.signings.map((s) => [s.id, s]));
    expect(after.signed.every((s) => byId.get(s.signingId)?.status === 'published')).toBe(true);

    server = await startServerProcess(env);
    try {
      const mid = (await api(server.url, token, 'GET', `/ceremonies/${id}`)).body as CeremonyDetail;
      const signedBefore = new Map(mid.items.filter((i) => i.status === 'signed').map((i) => [i.id, i.signingId]));
      expect(signedBefore.size).toBe(after.signed.length);
      expect(mid.items.filter((i) => i.status === 'planned').every((i) => !signedTitles.has(i.input.title))).toBe(true);

      const again = await api(server.url, token, 'POST', `/ceremonies/${id}/sign-all`, undefined, { 'idempotency-key': 'the-one-press' });
      expect(again.status).toBe(201);
      const answer = again.body as SignAllAnswer;
      expect(answer.items).toHaveLength(ITEMS);
      for (const item of answer.items) if (signedBefore.has(item.itemId)) expect(item.signing.id).toBe(signedBefore.get(item.itemId));
      const done = (await api(server.url, token, 'GET', `/ceremonies/${id}`)).body as CeremonyDetail;
      const total = (ITEMS * (ITEMS + 1) * 1e8) / 2;
      expect(done.live).toMatchObject({ signed: ITEMS, planned: 0, count: ITEMS, totalCny: total });
      const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
      expect(summary.signings).toEqual({ count: ITEMS, amountCny: total });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(stored(dataDir).signings).toHaveLength(ITEMS);
  });
});
