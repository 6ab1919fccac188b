import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import type { EventConfig } from '../../shared/event-config.js';
import { LiveEvents, type EventUpdatedMessage, type Snapshot } from '../../shared/live.js';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { connectLive, defaultEvent, issueToken, postSigning, sampleSigning, startServer, tempDir, waitFor } from '../support/server.js';
import { gbkBytes } from '../support/gbk.js';
import { closeAfterEach } from '../support/teardown.js';
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
  let place!: Place;
  beforeEach(() => {
    place = places[kind]!();
  });
  // Sockets close first, then the servers, then the data set is dropped.
  const closing = closeAfterEach(() => place.drop());
  const start = async () => closing(await startServer({ store: place.open() }));

  async function editor(url: string): Promise<Session> {
    return userSession(url, 'organizer');
  }

  async function read(s: Session): Promise<EventConfig & { version: number }> {
    const res = await s.call('GET', '/api/v1/event');
    expect(res.status).toBe(200);
    return res.body;
  }

  it('seeds version 1 from the file, refuses stale and invalid edits, and keeps an edit over a restart', async () => {
    // Closed by the test itself, before the restart on the same data.
    const before = await startServer({ store: place.open() });
    const { url } = before;
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

    await before.close();
    const again = await start();
    const after = await read(await sessionOf(again.url));
    expect(after.version).toBe(2);
    expect(after.venues[1]!.name.en).toBe('Meijiang Convention and Exhibition Center');
  });

  it('refuses to remove what signings and attendance use, naming it, and allows a rename', async () => {
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
    const { url } = await start();
    const token = await issueToken(url, 'staff');
    const before = await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'USD' }));
    expect(before.body.signing.amountCny).toBe(7_120_000);
    const org = await editor(url);
    const { version, ...event } = await read(org);
    expect((await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'CHF' }))).res.status).toBe(400);
    const ok = await org.call('PUT', '/api/v1/event', { ...event, exchangeRates: { ...event.exchangeRates, USD: 7.3, CHF: 8.1 }, version });
    expect(ok.status).toBe(200);
    // The signing form's allowed currencies follow the edit, without a restart.
    expect((await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'CHF' }))).body.signing.amountCny).toBe(8_100_000);

    const stored = await org.call('GET', `/api/v1/signings/${before.body.signing.id}`);
    expect(stored.body.amountCny ?? stored.body.signing?.amountCny).toBe(7_120_000);
    const summary = await org.call('GET', '/api/v1/summary');
    expect(summary.body.signings.amountCny).toBe(7_120_000 + 8_100_000);
    const next = await postSigning(url, token, sampleSigning({ amount: 1_000_000, currency: 'USD' }));
    expect(next.body.signing.amountCny).toBe(7_300_000);

    const admin = await sessionOf(url);
    const audit = await admin.call('GET', '/api/v1/audit?type=event.updated');
    expect(audit.status).toBe(200);
    const [entry] = audit.body.items;
    expect(entry).toMatchObject({ type: 'event.updated', actor: org.username, version: 2 });
    expect(entry.changed).toEqual([
      { field: 'exchangeRates.USD', before: 7.12, after: 7.3 },
      { field: 'exchangeRates.CHF', before: null, after: 8.1 },
    ]);
  });

  it('tells screens on /live at once, and a snapshot carries the event version', async () => {
    const { url } = await start();
    const screen = closing(connectLive(url));
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
    // A screen gets at most one snapshot a second: this answer may wait for the rest of it.
    const fresh = await waitFor<Snapshot>(screen.emit(LiveEvents.snapshotRequest), LiveEvents.snapshot);
    expect(fresh.eventVersion).toBe(2);
    expect(fresh.seq).toBeGreaterThanOrEqual(ok.body.seq);
  });

  it('imports an exhibitor list (GB18030 CSV, dry run first); screens count from it, not from a typed number', async () => {
    const { url } = await start();
    const screen = closing(connectLive(url));
    await waitFor<Snapshot>(screen, LiveEvents.snapshot);
    const org = await editor(url);
    const csv = ['展商名称,国家/地区,展区,展位号', '华为技术有限公司,CN,人工智能,A1-01', 'Siemens AG,DE,smart-manufacturing,', 'Toyota,JP,icv,B2', '腾讯,CN,,'].join('\r\n');
    const gb = gbkBytes(csv);
    const dry = await org.call('POST', '/api/v1/exhibitors/import?dryRun=true', undefined, { 'content-type': 'text/csv' }, gb as unknown as string);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, encoding: 'gb18030', valid: 4, exhibitors: 4, countriesAndRegions: 3, errors: [] });
    expect((await org.call('GET', '/api/v1/exhibitors')).body.items).toEqual([]);

    const heard = waitFor<EventUpdatedMessage>(screen, LiveEvents.eventUpdated);
    const done = await org.call('POST', '/api/v1/exhibitors/import', undefined, { 'content-type': 'text/csv' }, gb as unknown as string);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ imported: 4, exhibitors: 4, countriesAndRegions: 3, version: 2 });
    expect((await heard).event.facts).toMatchObject({ exhibitors: 4, countriesAndRegions: 3 });
    const list = await org.call('GET', '/api/v1/exhibitors');
    expect(list.body.items[0]).toEqual({ name: '华为技术有限公司', country: 'CN', areaId: 'ai', booth: 'A1-01' });

    // A typed count no longer wins while the list exists.
    const { version, ...event } = await read(org);
    const typed = await org.call('PUT', '/api/v1/event', { ...event, facts: { ...event.facts, exhibitors: 999 }, version });
    expect(typed.body.facts.exhibitors).toBe(4);
  });

  it('archives the edition and compares the live one with an imported archive at the same event day and hour', async () => {
    const { url } = await start();
    const token = await issueToken(url, 'staff');
    // Day 1 (20 June) 10:xx and day 2 14:xx, Tianjin time.
    await postSigning(url, token, sampleSigning({ amount: 300_000_000, signedAt: '2024-06-20T10:30:00+08:00' }));
    await postSigning(url, token, sampleSigning({ amount: 100_000_000, signedAt: '2024-06-21T14:10:00+08:00' }));
    const org = await editor(url);
    const archived = await org.call('POST', '/api/v1/editions/archive');
    expect(archived.status).toBe(201);
    expect(archived.body).toMatchObject({ id: 'wie-2024-tianjin', totals: { contracts: 2, investmentCny: 400_000_000 } });
    expect((await org.call('POST', '/api/v1/editions/archive')).status).toBe(409);

    // The previous edition, from its archive file: 1 contract of 2亿 by day 2 at 14:00.
    const full = (await org.call('GET', '/api/v1/editions/wie-2024-tianjin')).body;
    const previous = {
      ...full,
      id: 'wie-2023-tianjin',
      event: { ...full.event, id: 'wie-2023-tianjin', name: { zh: '2023世界智能产业博览会', en: '2023 World Intelligence Expo' } },
      points: full.points.map((p: { day: number; hour: number }) => ({ ...p, contracts: p.day >= 2 && p.hour >= 0 ? 1 : 0, investmentCny: p.day >= 2 ? 200_000_000 : 0, visitors: 0 })),
    };
    expect((await org.call('POST', '/api/v1/editions', previous)).status).toBe(201);
    expect((await org.call('POST', '/api/v1/editions', previous)).status).toBe(409);
    const items = (await org.call('GET', '/api/v1/editions')).body.items.map((e: { id: string }) => e.id).sort();
    expect(items).toEqual(['wie-2023-tianjin', 'wie-2024-tianjin']);

    const compared = await org.call('GET', '/api/v1/editions/wie-2023-tianjin/compare?day=2&hour=14');
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({
      day: 2,
      hour: 14,
      live: { contracts: 2, investmentCny: 400_000_000, visitors: 0 },
      archived: { contracts: 1, investmentCny: 200_000_000, visitors: 0 },
      change: { contracts: 100, investmentCny: 100, visitors: null },
    });
    const before = await org.call('GET', '/api/v1/editions/wie-2023-tianjin/compare?day=2&hour=13');
    expect(before.body.live).toEqual({ contracts: 1, investmentCny: 300_000_000, visitors: 0 });
  });
});
