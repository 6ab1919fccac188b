import { afterEach, describe, expect, it } from 'vitest';
import type { AttendanceSummary } from '../../shared/attendance.js';
import { LiveEvents, type AttendanceMessage, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { connectLive, issueToken, postSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';

let servers: TestServer[] = [];
let clients: LiveClient[] = [];

afterEach(async () => {
  clients.forEach((c) => c.disconnect());
  clients = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Noon on the first day of the expo, in its own zone. */
const NOON = Date.parse('2024-06-20T12:00:00+08:00');
const local = (hhmmss: string, day = '2024-06-20') => `${day}T${hhmmss}+08:00`;

async function start(options: { dataDir?: string; clock?: { ms: number } } = {}) {
  const clock = options.clock ?? { ms: NOON };
  const server = await startServer({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), now: () => new Date(clock.ms) });
  servers.push(server);
  return server;
}

async function post(server: TestServer, path: 'counts' | 'scans', token: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/attendance/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  // any: each test reads the fields it asserts on.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function attendanceOf(server: TestServer): Promise<AttendanceSummary> {
  const summary = (await (await fetch(`${server.url}/api/v1/summary`)).json()) as Summary;
  return summary.attendance!;
}

const interval = (gateId: string, batchId: string, from: string, to: string, entries: number, exits = 0) => ({ gateId, batchId, from, to, entries, exits });
const scan = (badgeId: string, gateId: string, at: string, direction: 'in' | 'out' = 'in') => ({ badgeId, gateId, at, direction });

describe('gate counts', () => {
  it('counts a batch once however often the device resends it', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    const batch = { counts: [interval('v1-g1', 'b1', local('09:00:00'), local('09:05:00'), 40, 2), interval('v1-g2', 'b1', local('09:00:00'), local('09:05:00'), 10)] };
    const first = await post(server, 'counts', token, batch);
    expect(first).toEqual({ status: 202, body: { accepted: 2, duplicates: 0, rejected: [] } });
    const again = await Promise.all([post(server, 'counts', token, batch), post(server, 'counts', token, batch)]);
    again.forEach((r) => expect(r.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] }));
    const figures = await attendanceOf(server);
    expect(figures.byVenue.v1).toMatchObject({ entriesToday: 50, exitsToday: 2, onSiteNow: 48, entriesTotal: 50 });
    expect(figures.total.onSiteNow).toBe(48);
  });

  it('puts late and out-of-order batches in their own hour', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { gateIds: ['v2-g1'] });
    await post(server, 'counts', token, interval('v2-g1', 'late-11', local('11:00:00'), local('11:10:00'), 7));
    await post(server, 'counts', token, interval('v2-g1', 'late-09', local('09:00:00'), local('09:10:00'), 5));
    // Counter readings: 10:00 arrives after 10:30, so 10:30's count is split between them.
    await post(server, 'counts', token, { gateId: 'v2-g1', batchId: 'c1', at: local('08:00:00'), entriesTotal: 1000, exitsTotal: 0 });
    await post(server, 'counts', token, { gateId: 'v2-g1', batchId: 'c3', at: local('10:30:00'), entriesTotal: 1100, exitsTotal: 10 });
    const late = await post(server, 'counts', token, { gateId: 'v2-g1', batchId: 'c2', at: local('09:30:00'), entriesTotal: 1060, exitsTotal: 4 });
    expect(late.body.accepted).toBe(1);
    const hours = (await attendanceOf(server)).byVenueHour.v2!;
    expect(hours['2024-06-20T09']).toEqual({ entries: 5 + 60, exits: 4 });
    expect(hours['2024-06-20T10']).toEqual({ entries: 40, exits: 6 });
    expect(hours['2024-06-20T11']).toEqual({ entries: 7, exits: 0 });
    expect((await attendanceOf(server)).byVenue.v2!.entriesToday).toBe(112);
  });

  it('answers 400 naming the field, 422 for an unknown gate, 403 outside the scope', async () => {
    const server = await start();
    const gateA = await issueToken(server.url, 'device', { gateIds: ['v1-g1'] });
    const bad = await post(server, 'counts', gateA, { counts: [interval('v1-g1', 'x', local('09:00:00'), local('09:01:00'), -1)] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ 'counts.0.entries': expect.any(String) });
    const unknown = await post(server, 'counts', gateA, interval('v9-g9', 'x', local('09:00:00'), local('09:01:00'), 1));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_gate');
    const otherGate = await post(server, 'scans', gateA, { scans: [scan('B1', 'v1-g1', local('09:00:00')), scan('B2', 'v1-g2', local('09:00:00'))] });
    expect(otherGate.status).toBe(403);
    const signing = await postSigning(server.url, gateA);
    expect(signing.res.status).toBe(403);
    const staff = await issueToken(server.url, 'staff');
    expect((await post(server, 'scans', staff, scan('B1', 'v1-g1', local('09:00:00')))).status).toBe(403);
    // Nothing of the refused requests was applied.
    expect(await attendanceOf(server)).toBeNull();
  });

  it('rejects items from a clock far ahead and reports them by index', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    const res = await post(server, 'scans', token, { scans: [scan('B1', 'v1-g1', local('11:59:00')), scan('B2', 'v1-g1', local('12:30:00'))] });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    const why = expect.stringMatching(/ahead of the server clock/);
    expect(res.body.rejected).toEqual([{ index: 1, field: 'at', code: 'clock_ahead', message: why, error: why }]);
  });
});

describe('badge scans', () => {
  it('counts unique visitors per venue, day and event, and ignores resent scans', async () => {
    const server = await start();
    const v1 = await issueToken(server.url, 'device', { venueId: 'v1' });
    const v2 = await issueToken(server.url, 'device', { venueId: 'v2' });
    const scans = [scan('A', 'v1-g1', local('09:00:00')), scan('A', 'v1-g2', local('11:00:00')), scan('B', 'v1-g1', local('09:10:00')), scan('A', 'v1-g1', local('10:00:00'), 'out')];
    expect((await post(server, 'scans', v1, { scans })).body).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    expect((await post(server, 'scans', v1, { scans })).body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    await post(server, 'scans', v2, scan('A', 'v2-g1', local('11:30:00')));
    const figures = await attendanceOf(server);
    expect(figures.byVenue.v1).toMatchObject({ entriesToday: 3, exitsToday: 1, onSiteNow: 2, uniqueToday: 2, uniqueTotal: 2 });
    expect(figures.byVenue.v2).toMatchObject({ entriesToday: 1, uniqueToday: 1 });
    expect(figures.total).toMatchObject({ entriesToday: 4, uniqueToday: 2, uniqueTotal: 2, onSiteNow: 3 });
  });
});

describe('attendance on screens', () => {
  it('coalesces 1,000 reports in a second into a few updates with exact totals', async () => {
    const server = await start();
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    const screens = Array.from({ length: 3 }, () => connectLive(server.url));
    clients.push(...screens);
    await Promise.all(screens.map((c) => waitFor<Snapshot>(c, LiveEvents.snapshot)));
    const received: AttendanceMessage[][] = screens.map(() => []);
    screens.forEach((c, i) => c.on(LiveEvents.attendanceUpdated, (m) => received[i]!.push(m)));

    const started = Date.now();
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => post(server, 'counts', token, interval(`v1-g${(i % 6) + 1}`, `w${wave}-${i}`, local('10:00:00'), local('10:01:00'), 2, 1))),
      );
    }
    const elapsed = Date.now() - started;
    // Every screen ends on the final figures; only then are all frames counted.
    const settled = () => received.every((m) => m.at(-1)?.attendance?.byVenue.v1?.entriesToday === 2000);
    await expect.poll(settled, { timeout: 5000 }).toBe(true);
    for (const messages of received) {
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
      const last = messages[messages.length - 1]!;
      expect(last.attendance!.byVenue.v1).toMatchObject({ entriesToday: 2000, exitsToday: 1000, onSiteNow: 1000 });
      expect(last.seq).toBe(server.pavilion.hub.seq);
    }
  });

  it('keeps the figures over a restart', async () => {
    const first = await start();
    const token = await issueToken(first.url, 'device', { venueId: 'v1' });
    await post(first, 'scans', token, { scans: [scan('A', 'v1-g1', local('09:00:00')), scan('B', 'v1-g1', local('09:01:00'))] });
    await post(first, 'counts', token, interval('v1-g3', 'x', local('10:00:00'), local('10:05:00'), 30, 5));
    const before = await attendanceOf(first);
    await first.close();
    servers = servers.filter((s) => s !== first);

    const second = await start({ dataDir: first.dataDir });
    expect(await attendanceOf(second)).toEqual(before);
    // The hash key survives too: the same badge is not a new visitor.
    await post(second, 'scans', token, scan('A', 'v1-g2', local('11:00:00')));
    expect((await attendanceOf(second)).byVenue.v1!.uniqueToday).toBe(2);
  });

  it('starts a new day at local midnight', async () => {
    const clock = { ms: Date.parse(local('23:59:00')) };
    const server = await start({ clock });
    const token = await issueToken(server.url, 'device', { venueId: 'v1' });
    await post(server, 'scans', token, scan('A', 'v1-g1', local('23:58:59')));
    const [screen] = [connectLive(server.url)];
    clients.push(screen!);
    await waitFor<Snapshot>(screen!, LiveEvents.snapshot);
    const update = waitFor<AttendanceMessage>(screen!, LiveEvents.attendanceUpdated);

    clock.ms = Date.parse(local('00:00:01', '2024-06-21'));
    server.pavilion.hub.checkDayRollover();
    const message = await update;
    expect(message.attendance!.day).toBe('2024-06-21');
    expect(message.attendance!.byVenue.v1).toMatchObject({ entriesToday: 0, onSiteNow: 0, uniqueToday: 0, entriesTotal: 1, uniqueTotal: 1 });
  });
});
