import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import type { EventConfig } from '../../shared/event-config.js';
import { LiveEvents, type EventUpdatedMessage, type Snapshot } from '../../shared/live.js';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { connectLive, defaultEvent, issueToken, postSigning, sampleSigning, startServer, tempDir, waitFor, type LiveClient, type TestServer } from '../support/server.js';
import { sessionOf, userSession, type Session } from './staff-support.js';

/** One data set that can be opened again, as a restarted process would. */
interface Place {
  open(): Store;
  drop(): Promise<void>;
}

const places: Record<string, () => Place> = {
  sqlite: () => {
    const dir = tempDir();
    return { open: () => openSqliteStore(dir), drop: async () => {} };
  },
  postgres: () => {
    const schema = uniqueSchema('pavilion_event');
    return { open: () => openTestStore(schema), drop: () => dropSchema(schema) };
  },
};

beforeAll(async () => {
  await adminQuery('SELECT 1');
});

describe.each(Object.keys(places))('the event as data on %s', (kind) => {
  let place: Place;
  let server: TestServer | undefined;
  let clients: LiveClient[] = [];

  const start = async () => {
    server = await startServer({ store: place.open() });
    return server;
  };

  afterEach(async () => {
    clients.forEach((c) => c.close());
    clients = [];
    await server?.close();
    server = undefined;
    await place.drop();
  });

  async function editor(url: string): Promise<Session> {
    return userSession(url, 'organizer');
  }

  async function read(s: Session): Promise<EventConfig & { version: number }> {
    const res = await s.call('GET', '/api/v1/event');
    expect(res.status).toBe(200);
    return res.body;
  }

  it('seeds version 1 from the file, refuses stale and invalid edits, and keeps an edit over a restart', async () => {
    place = places[kind]!();
    const { url } = await start();
    const org = await editor(url);
    const first = await read(org);
    const { version, ...fileEvent } = first;
    expect(version).toBe(1);
    expect(fileEvent).toEqual(defaultEvent());

    const renamed = structuredClone(fileEvent);
    renamed.venues[1]!.name = { zh: '梅江会展中心', en: 'Meijiang Convention and Exhibition Center' };
    const ok = await org.call('PUT', '/api/v1/event', { ...renamed, version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.body.venues[1].name.en).toBe('Meijiang Convention and Exhibition Center');

    const stale = await org.call('PUT', '/api/v1/event', { ...renamed, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const invalid = structuredClone(renamed);
    invalid.venues[2]!.capacity = -5;
    invalid.areas[0]!.venueId = 'nowhere';
    const bad = await org.call('PUT', '/api/v1/event', { ...invalid, version: 2 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['venues.2.capacity', 'areas.0.venueId']));

    // Staff may not edit the event.
    const staff = await userSession(url, 'staff');
    expect((await staff.call('PUT', '/api/v1/event', { ...renamed, version: 2 })).status).toBe(403);

    await server!.close();
    server = undefined;
    const again = await start();
    const after = await read(await sessionOf(again.url));
    expect(after.version).toBe(2);
    expect(after.venues[1]!.name.en).toBe('Meijiang Convention and Exhibition Center');
  });

  it('refuses to remove what signings and attendance use, naming it, and allows a rename', async () => {
    place = places[kind]!();
    const { url } = await start();
    const token = await issueToken(url, 'staff');
    expect((await postSigning(url, token, sampleSigning({ venueId: 'v2', areaId: 'smart-city', sector: 'biomedicine' }))).res.status).toBe(201);
    const org = await editor(url);
    const { version, ...event } = await read(org);

    const without = {
      ...structuredClone(event),
      venues: event.venues.filter((v) => v.id !== 'v2'),
      areas: event.areas.filter((a) => a.venueId !== 'v2'),
      version,
    };
    const refused = await org.call('PUT', '/api/v1/event', without);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toContain('venue "v2" is used by 1 signing');
    expect(refused.body.error.message).toContain('area "smart-city" is used by 1 signing');
    expect(Object.keys(refused.body.error.fields)).toEqual(['venue:v2', 'area:smart-city']);

    const noSector = { ...structuredClone(event), sectors: event.sectors.filter((s) => s.id !== 'biomedicine'), version };
    expect((await org.call('PUT', '/api/v1/event', noSector)).body.error.message).toContain('sector "biomedicine"');

    // An unused venue goes; the used one is renamed.
    const edited = structuredClone(event);
    edited.venues = edited.venues.filter((v) => v.id !== 'v8');
    edited.venues[1]!.name = { zh: '二号馆', en: 'Hall 2' };
    const ok = await org.call('PUT', '/api/v1/event', { ...edited, version });
    expect(ok.status).toBe(200);
    expect(ok.body.venues.map((v: { id: string }) => v.id)).not.toContain('v8');
  });

  it('keeps stored signings at the rate they were converted at, and logs the change in the audit', async () => {
    place = places[kind]!();
    const { url } = await start();
    const token = await issueToken(url, 'staff');
    const before = await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'USD' }));
    expect(before.body.signing.amountCny).toBe(7_120_000);
    const org = await editor(url);
    const { version, ...event } = await read(org);
    const ok = await org.call('PUT', '/api/v1/event', { ...event, exchangeRates: { ...event.exchangeRates, USD: 7.3 }, version });
    expect(ok.status).toBe(200);

    const stored = await org.call('GET', `/api/v1/signings/${before.body.signing.id}`);
    expect(stored.body.amountCny ?? stored.body.signing?.amountCny).toBe(7_120_000);
    const summary = await org.call('GET', '/api/v1/summary');
    expect(summary.body.signings.amountCny).toBe(7_120_000);
    const next = await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'USD' }));
    expect(next.body.signing.amountCny).toBe(7_300_000);

    const admin = await sessionOf(url);
    const audit = await admin.call('GET', '/api/v1/audit?type=event.updated');
    expect(audit.status).toBe(200);
    const [entry] = audit.body.items;
    expect(entry).toMatchObject({ type: 'event.updated', actor: org.username, version: 2 });
    expect(entry.changed).toEqual([{ field: 'exchangeRates.USD', before: 7.12, after: 7.3 }]);
  });

  it('tells screens on /live at once, and a snapshot carries the event version', async () => {
    place = places[kind]!();
    const { url } = await start();
    const screen = connectLive(url);
    clients.push(screen);
    const snap = await waitFor<Snapshot>(screen, LiveEvents.snapshot);
    expect(snap.eventVersion).toBe(1);
    const org = await editor(url);
    const { version, ...event } = await read(org);
    const heard = waitFor<EventUpdatedMessage>(screen, LiveEvents.eventUpdated);
    const edited = structuredClone(event);
    edited.venues[0]!.capacity = 45_000;
    const ok = await org.call('PUT', '/api/v1/event', { ...edited, version });
    const message = await heard;
    expect(message).toMatchObject({ version: 2, seq: ok.body.seq });
    expect(message.event.venues[0]!.capacity).toBe(45_000);
    screen.emit(LiveEvents.snapshotRequest);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = await waitFor<Snapshot>(screen.emit(LiveEvents.snapshotRequest), LiveEvents.snapshot);
    expect(fresh.eventVersion).toBe(2);
    expect(fresh.seq).toBeGreaterThanOrEqual(ok.body.seq);
  });
});

afterAll(() => undefined);
