import { afterEach, describe, expect, it } from 'vitest';
import type { AttendanceSummary } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import { LiveEvents, type AttendanceMessage, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { connectLive, defaultEvent, issueToken, waitFor, type LiveClient, type TestServer } from '../support/server.js';
import { storesUnderTest } from '../support/stores.js';
import { sessionOf, userSession } from './staff-support.js';

let clients: LiveClient[] = [];
const stores = storesUnderTest('pavilion_attendance_rate');

afterEach(async () => {
  clients.forEach((c) => c.disconnect());
  clients = [];
  await stores.cleanup();
});

/** Noon on the first day of the expo, in its own zone. */
const NOON = Date.parse('2024-06-20T12:00:00+08:00');
const local = (hhmmss: string) => `2024-06-20T${hhmmss}+08:00`;
const interval = (gateId: string, batchId: string, from: string, to: string, entries: number, exits = 0) => ({ gateId, batchId, from, to, entries, exits });
const reading = (gateId: string, batchId: string, at: string, entriesTotal: number) => ({ gateId, batchId, at, entriesTotal, exitsTotal: 0 });

async function post(server: TestServer, token: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/attendance/counts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  // any: each test reads the fields it asserts on.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function attendanceOf(server: TestServer): Promise<AttendanceSummary> {
  return ((await (await fetch(`${server.url}/api/v1/summary`)).json()) as Summary).attendance!;
}

/** A screen on `/live` that has its snapshot, and every attendance update it receives from now on. */
async function screen(server: TestServer) {
  const client = connectLive(server.url);
  clients.push(client);
  await waitFor<Snapshot>(client, LiveEvents.snapshot);
  const updates: AttendanceMessage[] = [];
  client.on(LiveEvents.attendanceUpdated, (m) => updates.push(m));
  /** Resolves with the first update covering the hub's seq at the time of the call. */
  const upToDate = async () => {
    const seq = server.pavilion.hub.seq;
    for (let waited = 0; waited < 5000; waited += 20) {
      const last = updates.at(-1);
      if (last && last.seq >= seq) return last;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no attendance update up to seq ${seq}`);
  };
  return { updates, upToDate };
}

describe.each(stores.kinds)('gate report plausibility on %s', (name) => {
  async function start(event: EventConfig = defaultEvent()) {
    return stores.serve(name, { event, now: () => new Date(NOON) });
  }

  it('rejects an interval with more people than its gate can pass, records the rest, and screens never count it', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    const live = await screen(server);
    const res = await post(server, token, {
      counts: [
        interval('v1-g1', 'a', local('10:00:00'), local('10:05:00'), 40, 2),
        // The attack: a million people through one gate in five minutes.
        interval('v1-g1', 'b', local('10:05:00'), local('10:10:00'), 1_000_000),
        interval('v1-g2', 'c', local('10:00:00'), local('10:05:00'), 10, 3),
        // 300 is the most a gate passes in 5 minutes at the default 60 a minute: still plausible.
        interval('v1-g3', 'd', local('10:00:00'), local('10:05:00'), 300, 301),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, field: 'entries', code: 'over_gate_rate', message: expect.stringMatching(/at most 300/), error: expect.stringMatching(/at most 300/) },
        { index: 3, field: 'exits', code: 'over_gate_rate', message: expect.any(String), error: expect.any(String) },
      ],
    });
    const update = await live.upToDate();
    expect(update.attendance!.byVenue.v1).toMatchObject({ entriesToday: 50, exitsToday: 5 });
    for (const m of live.updates) expect(m.attendance!.byVenue.v1!.entriesToday).toBeLessThanOrEqual(50);
    expect((await attendanceOf(server)).byVenueHour.v1!['2024-06-20T10']).toEqual({ entries: 50, exits: 5 });
    // A refused item is not recorded as a batch: once fixed, the device may send it again.
    const resent = await post(server, token, interval('v1-g1', 'b', local('10:05:00'), local('10:10:00'), 120));
    expect(resent.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('takes a gate rate from the event file, for intervals and counter readings', async () => {
    const event = defaultEvent();
    event.venues[0]!.gates[0]!.personsPerMinute = 600;
    const server = await start(event);
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    const res = await post(server, token, {
      counts: [
        interval('v1-g1', 'i1', local('09:00:00'), local('09:10:00'), 5000),
        interval('v1-g2', 'i2', local('09:00:00'), local('09:10:00'), 5000),
        reading('v1-g1', 'r1', local('10:00:00'), 1000),
        reading('v1-g1', 'r2', local('10:10:00'), 6000),
        reading('v1-g2', 'r3', local('10:00:00'), 1000),
        reading('v1-g2', 'r4', local('10:10:00'), 6000),
      ],
    });
    expect(res.body.rejected).toEqual([expect.objectContaining({ index: 1, field: 'entries', code: 'over_gate_rate' })]);
    // At v1-g2's 60 a minute, 5,000 in ten minutes is a new baseline, not a crowd.
    expect(res.body.notes).toEqual(expect.arrayContaining([{ index: 5, note: 'entriesTotal implausible jump' }]));
    const hours = (await attendanceOf(server)).byVenueHour.v1!;
    expect(hours['2024-06-20T09']).toEqual({ entries: 5000, exits: 0 });
    expect(hours['2024-06-20T10']).toEqual({ entries: 5000, exits: 0 });
  });
});

describe.each(stores.kinds)('gate-hour corrections on %s', (name) => {
  async function start() {
    return stores.serve(name, { now: () => new Date(NOON) });
  }
  const path = '/api/v1/attendance/gates/v1-g1/hours/2024-06-20T10';

  it('sets a gate hour for an admin, moves the screens by the difference, and shows in the audit log', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    await post(server, token, { counts: [interval('v1-g1', 'a', local('10:00:00'), local('10:30:00'), 900, 100), interval('v1-g2', 'b', local('10:00:00'), local('10:30:00'), 20)] });
    const live = await screen(server);
    const admin = await sessionOf(server.url);

    const res = await admin.call('PUT', path, { entries: 250, exits: 40, reason: 'turnstile double-counted, hand count 250' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gateId: 'v1-g1', venueId: 'v1', hour: '2024-06-20T10', before: { entries: 900, exits: 100 }, after: { entries: 250, exits: 40 } });
    const update = await live.upToDate();
    expect(update.seq).toBe(res.body.seq);
    expect(update.attendance!.byVenue.v1).toMatchObject({ entriesToday: 270, exitsToday: 40 });
    expect((await attendanceOf(server)).byVenueHour.v1!['2024-06-20T10']).toEqual({ entries: 270, exits: 40 });

    // An hour no gate reported yet is set from nothing.
    const empty = await admin.call('PUT', '/api/v1/attendance/gates/v1-g1/hours/2024-06-20T08', { entries: 5, exits: 0, reason: 'counted by hand' });
    expect(empty.body).toMatchObject({ before: { entries: 0, exits: 0 }, after: { entries: 5, exits: 0 } });

    const log = await admin.call('GET', '/api/v1/audit?type=attendance.corrected');
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ type: 'attendance.corrected', hour: '2024-06-20T08', seq: empty.body.seq }),
      {
        seq: res.body.seq,
        type: 'attendance.corrected',
        at: new Date(NOON).toISOString(),
        actor: 'admin',
        reason: 'turnstile double-counted, hand count 250',
        gateId: 'v1-g1',
        venueId: 'v1',
        hour: '2024-06-20T10',
        before: { entries: 900, exits: 100 },
        after: { entries: 250, exits: 40 },
        title: 'v1-g1 2024-06-20T10',
        changed: [
          { field: 'entries', before: 900, after: 250 },
          { field: 'exits', before: 100, after: 40 },
        ],
      },
    ]);
    // The whole log holds it too, beside the signing changes; a signing's own log does not.
    // (Operator entries, such as the tokens the test issued, are left out here.)
    const changes = (await admin.call('GET', '/api/v1/audit')).body.items.filter((e: { type: string }) => e.type !== 'operator');
    expect(changes.map((e: { seq: number }) => e.seq)).toEqual([empty.body.seq, res.body.seq]);
    expect((await admin.call('GET', '/api/v1/audit?signingId=x')).body.items).toEqual([]);
    expect((await admin.call('GET', '/api/v1/audit?limit=1')).body).toMatchObject({ items: [{ seq: empty.body.seq }], nextCursor: String(empty.body.seq) });
    expect((await admin.call('GET', `/api/v1/audit?limit=1&cursor=${empty.body.seq}`)).body.items).toEqual([expect.objectContaining({ seq: res.body.seq })]);
  });

  it('refuses non-admins with 403, a missing reason with 400 naming reason, and unknown gates and hours', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    await post(server, token, interval('v1-g1', 'a', local('10:00:00'), local('10:30:00'), 900, 100));
    const admin = await sessionOf(server.url);
    const organizer = await userSession(server.url, 'organizer');
    const staff = await userSession(server.url, 'staff');
    const body = { entries: 1, exits: 0, reason: 'test' };

    expect((await organizer.call('PUT', path, body)).status).toBe(403);
    expect((await staff.call('PUT', path, body)).status).toBe(403);
    const device = await fetch(server.url + path, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect(device.status).toBe(403);
    expect((await fetch(server.url + path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status).toBe(401);

    const noReason = await admin.call('PUT', path, { entries: 1, exits: 0 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: 'invalid_request', fields: { reason: expect.any(String) } });
    expect((await admin.call('PUT', path, { entries: 1, exits: 0, reason: '   ' })).body.error.fields).toEqual({ reason: 'required' });
    expect((await admin.call('PUT', '/api/v1/attendance/gates/nowhere/hours/2024-06-20T10', body)).body.error.code).toBe('unknown_gate');
    const badHour = await admin.call('PUT', '/api/v1/attendance/gates/v1-g1/hours/2024-06-20T24', body);
    expect(badHour.status).toBe(400);
    expect(Object.keys(badHour.body.error.fields)).toEqual(['hour']);

    // None of it was applied.
    expect((await attendanceOf(server)).byVenueHour.v1!['2024-06-20T10']).toEqual({ entries: 900, exits: 100 });
    expect((await admin.call('GET', '/api/v1/audit?type=attendance.corrected')).body.items).toEqual([]);
  });
});
