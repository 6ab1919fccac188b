import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDO_REASON, type CeremonyDetail, type CeremonyPublic } from '../../shared/ceremonies.js';
import { LiveEvents, type SigningMessage, type Snapshot } from '../../shared/live.js';
import type { Signing } from '../../shared/signing.js';
import type { Summary } from '../../shared/summary.js';
import { connectLive, issueToken, sampleSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';
import { storesUnderTest } from '../support/stores.js';
import { userSession } from './staff-support.js';

const stores = storesUnderTest('pavilion_ceremonies');

// any: tests read many response shapes and assert on them field by field.
type Answer = { status: number; body: any };

describe.each(stores.kinds)('signing ceremonies on %s', (name) => {
  let server: TestServer;
  let organizer: string;
  let staff: string;
  let clock = Date.parse('2024-06-20T02:00:00Z');
  const live: LiveClient[] = [];
  let keys = 0;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = organizer): Promise<Answer> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const sign = (ceremonyId: string, itemId: string, key = `press-${++keys}`) =>
    call('POST', `/ceremonies/${ceremonyId}/items/${itemId}/sign`, undefined, { 'idempotency-key': key });
  const detail = async (id: string): Promise<CeremonyDetail> => (await call('GET', `/ceremonies/${id}`)).body;

  /** A started ceremony with items titled `${prefix} 1`, `${prefix} 2`, … */
  async function ceremonyWith(prefix: string, amounts: number[]): Promise<{ id: string; items: string[] }> {
    const created = await call('POST', '/ceremonies', {
      title: { zh: `${prefix} 签约仪式`, en: `${prefix} signing ceremony` },
      venueId: 'v1',
      startsAt: '2024-06-20T10:00:00+08:00',
      stage: { venues: ['v1'], screens: [] },
    });
    expect(created.status).toBe(201);
    const id = created.body.ceremony.id as string;
    const items: string[] = [];
    for (const [i, amount] of amounts.entries()) {
      const added = await call('POST', `/ceremonies/${id}/items`, sampleSigning({ title: `${prefix} ${i + 1}`, amount }));
      expect(added.status).toBe(201);
      items.push(added.body.item.id);
    }
    expect((await call('POST', `/ceremonies/${id}/start`, {})).status).toBe(200);
    return { id, items };
  }

  function listen(): { client: LiveClient; heard: string[]; last: () => Summary | undefined } {
    const client = connectLive(server.url);
    live.push(client);
    const heard: string[] = [];
    let last: Summary | undefined;
    client.onAny((_event, message: { summary?: Summary }) => {
      heard.push(JSON.stringify(message));
      if (message?.summary) last = message.summary;
    });
    return { client, heard, last: () => last };
  }

  const ceremonyOnLive = (summary: Summary | undefined, id: string): CeremonyPublic | undefined => summary?.ceremonies?.find((c) => c.id === id);

  beforeAll(async () => {
    server = await startServer({ store: stores.open(name), now: () => new Date(clock) });
    organizer = await issueToken(server.url, 'organizer');
    staff = await issueToken(server.url, 'staff');
  });

  afterAll(async () => {
    live.forEach((c) => c.close());
    await server.close();
    await stores.drop();
  });

  it('keeps planned items from anonymous callers, staff and /live; a signed one goes out with the ceremony state', async () => {
    const { client, heard } = listen();
    const snapshot = waitFor<Snapshot>(client, LiveEvents.snapshot);
    await snapshot;
    // Starting is a frame of its own: the stage hears the ceremony before any item is signed.
    const starting = waitFor<{ summary: Summary }>(client, LiveEvents.ceremonyUpdated);
    const { id, items } = await ceremonyWith('SECRET', [1e8, 2e8, 3e8]);
    const started = await starting;
    expect(ceremonyOnLive(started.summary, id)).toMatchObject({ status: 'running', signed: 0, planned: 3, totalCny: 0, latest: null });

    expect((await call('GET', '/signings?limit=500', undefined, {}, '')).body.items.map((s: Signing) => s.title)).not.toContain('SECRET 1');
    expect((await call('GET', '/signings?limit=500&includeUncounted=true', undefined, {}, staff)).body.items.map((s: Signing) => s.title)).not.toContain('SECRET 1');
    expect((await call('GET', `/ceremonies/${id}`, undefined, {}, '')).status).toBe(401);
    expect((await call('GET', `/ceremonies/${id}`, undefined, {}, staff)).status).toBe(403);
    expect((await call('GET', '/ceremonies', undefined, {}, staff)).status).toBe(403);

    const frame = waitFor<SigningMessage>(client, LiveEvents.signingCreated);
    const signed = await sign(id, items[0]!);
    expect(signed.status).toBe(201);
    expect(signed.body.signing).toMatchObject({ title: 'SECRET 1', status: 'published', signedAt: new Date(clock).toISOString() });
    const message = await frame;
    expect(message.signing.title).toBe('SECRET 1');
    expect(ceremonyOnLive(message.summary, id)).toMatchObject({ signed: 1, planned: 2, totalCny: 1e8, count: 1, latest: { title: 'SECRET 1' } });

    // A fresh screen's snapshot: the ceremony's state, nothing of the items still planned.
    const late = listen();
    const fresh = await waitFor<Snapshot>(late.client, LiveEvents.snapshot);
    expect(ceremonyOnLive(fresh.summary, id)).toMatchObject({ signed: 1, planned: 2 });
    for (const text of [...heard, ...late.heard, JSON.stringify((await call('GET', '/summary', undefined, {}, '')).body)]) {
      expect(text).not.toContain('SECRET 2');
      expect(text).not.toContain('SECRET 3');
    }
  });

  it('makes one signing of a double press, a retry and a second key', async () => {
    const { id, items } = await ceremonyWith('DOUBLE', [5e8]);
    const [a, b] = await Promise.all([sign(id, items[0]!, 'same-key'), sign(id, items[0]!, 'same-key')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.signing.id).toBe(a.body.signing.id);
    expect(b.body.seq).toBe(a.body.seq);
    const retry = await sign(id, items[0]!, 'same-key');
    expect(retry.body).toEqual(a.body);
    const other = await sign(id, items[0]!, 'another-key');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
    // The same key for another item is another request.
    const second = await ceremonyWith('DOUBLE-B', [5e8]);
    expect((await sign(second.id, second.items[0]!, 'same-key')).status).toBe(422);
    const all = (await call('GET', '/signings?limit=500&includeUncounted=true')).body.items.filter((s: Signing) => s.title === 'DOUBLE 1');
    expect(all).toHaveLength(1);
    expect((await detail(id)).items[0]).toMatchObject({ status: 'signed', signingId: a.body.signing.id });
  });

  it('undoes a signing within 2 minutes, keeping the reason in the audit log, and not after', async () => {
    const { id, items } = await ceremonyWith('UNDO', [7e8, 8e8]);
    const before = (await call('GET', '/summary')).body.signings;
    const first = await sign(id, items[0]!);
    clock += 119_000;
    const undone = await call('POST', `/ceremonies/${id}/items/${items[0]}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.signing).toMatchObject({ id: first.body.signing.id, status: 'voided' });
    expect((await call('GET', '/summary')).body.signings).toEqual(before);
    const audit = await call('GET', `/audit?signingId=${first.body.signing.id}`);
    expect(audit.body.items.find((c: { type: string }) => c.type === 'signing.voided')).toMatchObject({ reason: UNDO_REASON });
    expect((await detail(id)).items[0]).toMatchObject({ status: 'planned', signingId: null });
    // Planned again: it can be changed, and signed anew with a new key.
    expect((await call('PATCH', `/ceremonies/${id}/items/${items[0]}`, { position: 1 })).status).toBe(200);
    const again = await sign(id, items[0]!);
    expect(again.status).toBe(201);
    expect(again.body.signing.id).not.toBe(first.body.signing.id);
    expect((await call('PATCH', `/ceremonies/${id}/items/${items[0]}`, { position: 0 })).status).toBe(409);
    clock += 121_000;
    const late = await call('POST', `/ceremonies/${id}/items/${items[0]}/undo`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/2 minutes/);
    expect((await detail(id)).items.find((i) => i.id === items[0])).toMatchObject({ status: 'signed' });
  });

  it('keeps the ceremony total equal to its counted signings and to what they add to the event totals', async () => {
    const { client, last } = listen();
    await waitFor(client, LiveEvents.snapshot);
    const before = (await call('GET', '/summary')).body.signings;
    // The third amount is far beyond the event's limits: signed on stage, held for review.
    const { id, items } = await ceremonyWith('TOTALS', [1.5e8, 2.5e8, 9e11, 4e8]);
    await sign(id, items[0]!);
    await sign(id, items[1]!);
    await call('POST', `/ceremonies/${id}/items/${items[1]}/undo`, {});
    const all = await call('POST', `/ceremonies/${id}/sign-all`, undefined, { 'idempotency-key': 'all-at-once' });
    expect(all.status).toBe(201);
    expect(all.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([items[1], items[2], items[3]]);
    const replay = await call('POST', `/ceremonies/${id}/sign-all`, undefined, { 'idempotency-key': 'all-at-once' });
    expect(replay.body).toEqual(all.body);

    const d = await detail(id);
    expect(d.items.every((i) => i.status === 'signed')).toBe(true);
    expect(d.items[2]!.signing!.status).toBe('held');
    const counted = d.items.map((i) => i.signing!).filter((s) => s.status === 'published');
    const sum = counted.reduce((a, s) => a + s.amountCny, 0);
    expect(sum).toBe(1.5e8 + 2.5e8 + 4e8);
    const after = (await call('GET', '/summary')).body;
    expect(after.signings.amountCny - before.amountCny).toBe(sum);
    expect(after.signings.count - before.count).toBe(counted.length);
    expect(d.live).toMatchObject({ signed: 4, planned: 0, totalCny: sum, count: 3 });
    await expect.poll(() => ceremonyOnLive(last(), id)?.totalCny).toBe(sum);
    expect(ceremonyOnLive(after, id)).toEqual(d.live);

    // Finished: the state stays on /live with its totals; the screens leave the stage.
    expect((await call('POST', `/ceremonies/${id}/finish`, {})).status).toBe(200);
    await expect.poll(() => ceremonyOnLive(last(), id)?.status).toBe('finished');
    expect(ceremonyOnLive(last(), id)?.totalCny).toBe(sum);
  });

  it('refuses signing before the start, imports items with a dry run, and lets an admin make a staff member an operator', async () => {
    const created = await call('POST', '/ceremonies', { title: { zh: '导入', en: 'Import' }, venueId: 'v1', startsAt: '2024-06-21T10:00:00+08:00' });
    const id = created.body.ceremony.id as string;
    const csv = 'title,investor,country,partner,amount,currency,sector,venue,area\nImported A,Acme AG,DE,Binhai,3亿,CNY,icv,v1,icv\nImported B,Beta SA,FR,Binhai,2亿,CNY,icv,v1,icv\n';
    const upload = (dryRun: boolean) =>
      fetch(`${server.url}/api/v1/ceremonies/${id}/items/import?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${organizer}`, 'content-type': 'text/csv' },
        body: csv,
      });
    const dry = await upload(true);
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, valid: 2, errors: [], totalCny: 5e8 });
    expect((await detail(id)).items).toHaveLength(0);
    expect((await upload(false)).status).toBe(201);
    expect((await upload(false)).status).toBe(409);
    const d = await detail(id);
    expect(d.items.map((i) => i.input.title)).toEqual(['Imported A', 'Imported B']);
    expect((await sign(id, d.items[0]!.id)).status).toBe(409);

    const person = await userSession(server.url, 'staff');
    expect((await person.call('GET', `/api/v1/ceremonies/${id}`)).status).toBe(403);
    const admin = await userSession(server.url, 'admin');
    const users = (await admin.call('GET', '/api/v1/users')).body.items as Array<{ id: string; username: string }>;
    const userId = users.find((u) => u.username === person.username)!.id;
    expect((await call('PUT', `/ceremonies/operators/${userId}`, {})).status).toBe(403);
    expect((await admin.call('PUT', `/api/v1/ceremonies/operators/${userId}`, {})).status).toBe(200);
    expect((await person.call('GET', `/api/v1/ceremonies/${id}`)).status).toBe(200);
    expect((await admin.call('DELETE', `/api/v1/ceremonies/operators/${userId}`)).status).toBe(204);
    expect((await person.call('GET', `/api/v1/ceremonies/${id}`)).status).toBe(403);
  });
});
