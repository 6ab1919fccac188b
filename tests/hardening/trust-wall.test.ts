import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { DeskEvents, DESK_NAMESPACE, type DeskSigningChange } from '../../shared/desk.js';
import { LiveEvents, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { importFileHash } from '../../server/signings/csv-routes.js';
import { frameWith, nextKey, userSession, type Session } from '../integration/staff-support.js';
import { connectLive, defaultEvent, issueToken, postSigning, sampleSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';
import { storesUnderTest, type StoreKind } from '../support/stores.js';
import { closeAfterEach } from '../support/teardown.js';

const stores = storesUnderTest('pavilion_trust');
// Sockets close first, then the servers, then their schemas are dropped.
const closing = closeAfterEach(() => stores.cleanup());

function start(store: StoreKind, options: { requireVerification?: boolean } = {}): Promise<TestServer> {
  const event = { ...defaultEvent(), requireVerification: options.requireVerification ?? false };
  return stores.serve(store, { event });
}

/** A server that holds new signings for verification, and a staff member and an organizer signed in to it. */
async function startVerifying(store: StoreKind) {
  const { url } = await start(store, { requireVerification: true });
  return { url, staff: await userSession(url, 'staff'), organizer: await userSession(url, 'organizer') };
}

/** A screen that records every message it hears, snapshot included, as JSON text. */
async function screen(url: string): Promise<{ client: LiveClient; heard: string[] }> {
  const client = closing(connectLive(url));
  const heard: string[] = [];
  client.onAny((event: string, ...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
  await waitFor<Snapshot>(client, LiveEvents.snapshot);
  return { client, heard };
}

async function summary(url: string): Promise<Summary> {
  return (await fetch(`${url}/api/v1/summary`)).json() as Promise<Summary>;
}

/** Waits until the screen has heard of `seq`: every frame and heartbeat carries the seq. */
async function heardUpTo(client: LiveClient, seq: number): Promise<void> {
  client.emit(LiveEvents.snapshotRequest);
  for (;;) {
    const snapshot = await waitFor<Snapshot>(client, LiveEvents.snapshot, 5000);
    if (snapshot.seq >= seq) return;
    client.emit(LiveEvents.snapshotRequest);
  }
}

const create = (staff: Session, overrides = {}) =>
  staff.call('POST', '/api/v1/signings', sampleSigning(overrides), { 'idempotency-key': nextKey() });

/** A signing of 50 亿 that `staff` created and `organizer` verified, so it counts. */
async function verified(staff: Session, organizer: Session) {
  const draft = await create(staff, { amount: 5e9 });
  await organizer.call('POST', `/api/v1/signings/${draft.body.signing.id}/verify`, {});
  return draft;
}

describe.each(stores.kinds)('screens see counted signings only (%s)', (store) => {
  it('keeps drafts off /live and plays the takeover card when one is verified', async () => {
    const { url, staff, organizer } = await startVerifying(store);
    const { client, heard } = await screen(url);

    const draft = await create(staff, { title: 'Secret draft project', investor: 'Quiet Holdings' });
    expect(draft.status).toBe(201);
    expect(draft.body.signing.status).toBe('draft');
    await heardUpTo(client, draft.body.seq);
    expect(heard.join('\n')).not.toContain('Secret draft project');
    expect(heard.join('\n')).not.toContain('Quiet Holdings');

    const created = frameWith(client, LiveEvents.signingCreated);
    const verified = await organizer.call('POST', `/api/v1/signings/${draft.body.signing.id}/verify`, {});
    expect(verified.status).toBe(200);
    const message = await created;
    expect(message.signing).toMatchObject({ id: draft.body.signing.id, status: 'published' });
    expect(message.summary.signings.count).toBe(1);
  });

  it('takes a signing off the screens when an edit sends it back to draft, without showing the new version', async () => {
    const { url, staff, organizer } = await startVerifying(store);
    const draft = await verified(staff, organizer);
    const { client, heard } = await screen(url);

    const withdrawn = frameWith(client, LiveEvents.signingVoided);
    const edit = await staff.call('PATCH', `/api/v1/signings/${draft.body.signing.id}`, {
      amount: 7.7e9,
      title: 'Renamed after publication',
      version: 2,
      reason: 'new figure',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.signing).toMatchObject({ status: 'draft', amount: 7.7e9 });
    const message = await withdrawn;
    expect(message.signing).toMatchObject({ id: draft.body.signing.id, status: 'draft', amount: 5e9 });
    expect(message.summary.signings).toEqual({ count: 0, amountCny: 0 });
    expect(heard.join('\n')).not.toContain('Renamed after publication');
    expect((await summary(url)).signings.count).toBe(0);
  });

  it('lets an organizer edit a published signing without sending it back to draft', async () => {
    const { url, staff, organizer } = await startVerifying(store);
    const draft = await verified(staff, organizer);
    const edit = await organizer.call('PATCH', `/api/v1/signings/${draft.body.signing.id}`, { amount: 4e9, version: 2, reason: 'contract says 40 亿' });
    expect(edit.body.signing).toMatchObject({ status: 'published', amountCny: 4e9 });
    expect((await summary(url)).signings.amountCny).toBe(4e9);
  });
});

describe('who sees drafts live, and staff names', () => {
  it('tells signed-in staff of drafts on /desk and refuses anonymous sockets', async () => {
    const { url } = await start('sqlite', { requireVerification: true });
    const staff = await userSession(url, 'staff');
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: staff.username, password: 'staff-password-123' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const desk = closing(io(url + DESK_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } }));
    await waitFor(desk, 'connect');
    const anonymous = closing(io(url + DESK_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false }));
    await waitFor(anonymous, 'connect_error');

    const changed = waitFor<DeskSigningChange>(desk, DeskEvents.signingChanged);
    const draft = await create(staff, { title: 'Desk-only draft' });
    const heard = await changed;
    expect(heard.signing).toMatchObject({ id: draft.body.signing.id, status: 'draft', title: 'Desk-only draft', createdBy: staff.username });
  });

  it('strips createdBy from public lists, snapshots and /live', async () => {
    const { url } = await start('sqlite');
    const staff = await userSession(url, 'staff');
    const token = await issueToken(url, 'staff');
    const { client, heard } = await screen(url);
    const created = frameWith(client, LiveEvents.signingCreated);
    const posted = await postSigning(url, token);
    expect(posted.body.signing.createdBy).toBe('test staff');
    await created;
    await create(staff);
    await heardUpTo(client, posted.body.seq + 1);

    const list = await (await fetch(`${url}/api/v1/signings`)).json();
    const one = await (await fetch(`${url}/api/v1/signings/${posted.body.signing.id}`)).json();
    const text = JSON.stringify([list, one, heard]);
    expect(list.items).toHaveLength(2);
    expect(text).not.toContain('createdBy');
    expect(text).not.toContain(staff.username);
    expect(text).not.toContain('test staff');
    const internal = await staff.call('GET', '/api/v1/signings?includeUncounted=true');
    expect(internal.body.items[0].createdBy).toBeDefined();
  });
});

describe.each(stores.kinds)('amounts the server holds for review (%s)', (store) => {
  it('holds 9,000亿元: stored, 201 held with reasons in zh and en, not counted, not on /live', async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    const { client, heard } = await screen(url);
    const held = await create(staff, { amount: 9e11, title: 'Mistyped giant' });
    expect(held.status).toBe(201);
    expect(held.body.signing.status).toBe('held');
    expect(held.body.signing.hold.code).toBe('above-maximum');
    expect(held.body.signing.hold.reason.zh).toContain('亿');
    expect(held.body.signing.hold.reason.en).toContain('review');
    await heardUpTo(client, held.body.seq);
    expect(heard.join('\n')).not.toContain('Mistyped giant');
    expect((await summary(url)).signings.count).toBe(0);
    const stored = await staff.call('GET', `/api/v1/signings/${held.body.signing.id}`);
    expect(stored.body.signing.status).toBe('held');
  });

  it('holds amounts under 1万元 and far above the median once ten signings count', async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    expect((await create(staff, { amount: 5000 })).body.signing).toMatchObject({ status: 'held', hold: { code: 'below-minimum' } });
    // With nine counted signings the median does not judge yet.
    for (let i = 0; i < 9; i++) expect((await create(staff, { amount: 1e8 })).body.signing.status).toBe('published');
    expect((await create(staff, { amount: 60e8 })).body.signing.status).toBe('published');
    // Now ten and more count: 51 亿 against a median of 1 亿 is over 50×.
    const outlier = await create(staff, { amount: 51e8 });
    expect(outlier.body.signing).toMatchObject({ status: 'held', hold: { code: 'above-median' } });
    expect((await create(staff, { amount: 49e8 })).body.signing.status).toBe('published');
  });

  it('counts a held signing once a second person releases it, and screens play its card', async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    const organizer = await userSession(url, 'organizer');
    const held = await create(staff, { amount: 1.5e11 });
    const id = held.body.signing.id;

    const own = await staff.call('POST', `/api/v1/signings/${id}/release`, {});
    expect(own.status).toBe(403);
    const { client } = await screen(url);
    const card = frameWith(client, LiveEvents.signingCreated);
    const released = await organizer.call('POST', `/api/v1/signings/${id}/release`, { reason: 'confirmed with the investor: 1,500亿' });
    expect(released.status).toBe(200);
    expect(released.body.signing.status).toBe('published');
    expect(released.body.signing.hold).toBeUndefined();
    expect((await card).signing.id).toBe(id);
    expect((await summary(url)).signings).toEqual({ count: 1, amountCny: 1.5e11 });
    const again = await organizer.call('POST', `/api/v1/signings/${id}/release`, {});
    expect(again.status).toBe(400);
  });

  it('counts a held signing once its amount is corrected', async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    const held = await create(staff, { amount: 9e11 });
    const titleOnly = await staff.call('PATCH', `/api/v1/signings/${held.body.signing.id}`, { title: 'Still held', version: 1, reason: 'title' });
    expect(titleOnly.body.signing.status).toBe('held');
    const fixed = await staff.call('PATCH', `/api/v1/signings/${held.body.signing.id}`, { amount: 9e9, version: 2, reason: '90 亿, not 9,000 亿' });
    expect(fixed.body.signing).toMatchObject({ status: 'published', amountCny: 9e9 });
    expect(fixed.body.signing.hold).toBeUndefined();
    expect((await summary(url)).signings).toEqual({ count: 1, amountCny: 9e9 });
  });

  it('marks rows the import would hold in its dry run, and holds them', async () => {
    const { url } = await start(store);
    const organizer = await userSession(url, 'organizer');
    const csv = [
      'title,investor,investor country,partner,amount,currency,sector,venue,area',
      'Fine project,Investor A,DE,Partner A,50亿,CNY,icv,v1,icv',
      'Giant slip,Investor B,FR,Partner B,9000亿,CNY,icv,v1,icv',
    ].join('\n');
    const dry = await organizer.call('POST', '/api/v1/signings/import?dryRun=true', undefined, { 'content-type': 'text/csv' }, csv);
    expect(dry.status).toBe(200);
    expect(dry.body.held).toEqual([expect.objectContaining({ line: 3, code: 'above-maximum' })]);
    expect(dry.body.countedCny).toBe(5e9);
    const done = await organizer.call('POST', '/api/v1/signings/import', undefined, { 'content-type': 'text/csv' }, csv);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ imported: 2, held: 1 });
    expect((await summary(url)).signings).toEqual({ count: 1, amountCny: 5e9 });
  });
});

describe('the area must lie in the venue', () => {
  it('refuses an area of another venue, naming areaId', async () => {
    const event = defaultEvent();
    const area = event.areas.find((a) => a.venueId !== undefined)!;
    const otherVenue = event.venues.find((v) => v.id !== area.venueId)!;
    const server = closing(await startServer({ event }));
    const staff = await userSession(server.url, 'staff');
    const wrong = await create(staff, { venueId: otherVenue.id, areaId: area.id });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields)).toEqual(['areaId']);
  });
});

describe.each(stores.kinds)('idempotency keys belong to their caller (%s)', (store) => {
  it('makes two signings when two tokens send the same key, and replays each caller its own', async () => {
    const { url } = await start(store);
    const desk1 = await issueToken(url, 'staff');
    const desk2 = await issueToken(url, 'staff');
    const a = await postSigning(url, desk1, sampleSigning({ title: 'Desk 1 signing' }), 'shared-key');
    const b = await postSigning(url, desk2, sampleSigning({ title: 'Desk 2 signing' }), 'shared-key');
    expect(a.res.status).toBe(201);
    expect(b.res.status).toBe(201);
    expect(b.body.signing.id).not.toBe(a.body.signing.id);
    expect(b.body.signing.title).toBe('Desk 2 signing');
    const again = await postSigning(url, desk2, sampleSigning({ title: 'Desk 2 signing' }), 'shared-key');
    expect(again.body.signing.id).toBe(b.body.signing.id);
    expect((await summary(url)).signings.count).toBe(2);
  });

  it('replays the original answer, not the signing as it is now', async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    const key = nextKey();
    const first = await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 5e9 }), { 'idempotency-key': key });
    await staff.call('PATCH', `/api/v1/signings/${first.body.signing.id}`, { amount: 6e9, version: 1, reason: 'new figure' });
    const replay = await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 5e9 }), { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
  });

  it("keeps a caller's key from blocking an organizer's import", async () => {
    const { url } = await start(store);
    const staff = await userSession(url, 'staff');
    const organizer = await userSession(url, 'organizer');
    const csv = 'title,investor,investor country,partner,amount,currency,sector,venue,area\nImported,Investor,DE,Partner,5亿,CNY,icv,v1,icv';
    const dry = await organizer.call('POST', '/api/v1/signings/import?dryRun=true', undefined, { 'content-type': 'text/csv' }, csv);
    expect(dry.status).toBe(200);
    // Import keys derive from the file's content; a caller who guesses them plants nothing.
    const hash = importFileHash(csv.split('\n').map((line) => line.split(',')));
    await staff.call('POST', '/api/v1/signings', sampleSigning(), { 'idempotency-key': `import:${hash}:2` });
    const done = await organizer.call('POST', '/api/v1/signings/import', undefined, { 'content-type': 'text/csv' }, csv);
    expect(done.status).toBe(201);
    expect(done.body.imported).toBe(1);
  });
});
