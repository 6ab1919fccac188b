import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { OPS_NAMESPACE, OpsEvents, type Alert, type OpsBoard, type OpsServerToClientEvents } from '../../shared/alerts.js';
import { FLEET_NAMESPACE, FleetEvents, type FleetClientToServer, type FleetServerToClient, type Registration } from '../../shared/fleet.js';
import { sessionOf, type Session } from './staff-support.js';
import { defaultEvent, issueToken, login, postSigning, sampleSigning, startServer, tempDir, waitFor } from '../support/server.js';
import { fillableStore } from '../support/stores.js';
import { closeAfterEach } from '../support/teardown.js';

const closing = closeAfterEach();

/** Noon on the expo's first day, in its zone. */
const NOON = Date.parse('2024-06-20T12:00:00+08:00');
const local = (hhmm: string) => `2024-06-20T${hhmm}:00+08:00`;

function clock(ms = NOON) {
  const c = { ms, now: () => new Date(c.ms), advance: (by: number) => void (c.ms += by) };
  return c;
}

const FAST = { checkMs: 30, delivery: { pollMs: 30 } };

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const c = clock();
  const server = closing(await startServer({ now: c.now, alerts: FAST, ...options }));
  return { server, clock: c, admin: await sessionOf(server.url) };
}

/** Polls the alert list until `match` finds one (or none, with `absent`). */
async function alertWhen(admin: Session, match: (a: Alert) => boolean, state: 'open' | 'all' = 'open', ms = 5000): Promise<Alert> {
  const until = Date.now() + ms;
  for (;;) {
    const { body } = await admin.call('GET', `/api/v1/alerts?state=${state}`);
    const found = (body.items as Alert[]).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no such alert in ${JSON.stringify(body.items)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function openAlerts(admin: Session): Promise<Alert[]> {
  return (await admin.call('GET', '/api/v1/alerts')).body.items as Alert[];
}

async function noOpen(admin: Session, kind: string, subject: string, ms = 5000): Promise<Alert> {
  return alertWhen(admin, (a) => a.kind === kind && a.subject === subject && a.clearedAt !== null, 'all', ms);
}

async function report(url: string, token: string, body: unknown) {
  const res = await fetch(`${url}/api/v1/attendance/counts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
}

const interval = (gateId: string, batchId: string, entries: number, exits = 0, from = '10:00', to = '11:00') => ({
  gateId,
  batchId,
  from: local(from),
  to: local(to),
  entries,
  exits,
});

describe('venue capacity alerts', () => {
  it('near capacity at 90 %, cleared only under 85 %; over capacity at 100 %, cleared under it', async () => {
    const { server, admin } = await start();
    const device = await issueToken(server.url, 'device', { venueId: 'v3' });
    // v3 holds 3,000 people.
    await report(server.url, device, { counts: [interval('v3-g1', 'a', 1400), interval('v3-g2', 'a', 1300)] });
    const near = await alertWhen(admin, (a) => a.kind === 'venue.near-capacity' && a.subject === 'v3');
    expect(near).toMatchObject({ severity: 'warning', clearedAt: null, ackedBy: null });
    expect(near.message.en).toContain('2700 on site, 90%');
    expect(near.message.zh).toContain('2700');
    expect((await openAlerts(admin)).some((a) => a.kind === 'venue.over-capacity')).toBe(false);

    await report(server.url, device, { counts: [interval('v3-g1', 'b', 300, 0, '11:00', '12:00')] });
    const over = await alertWhen(admin, (a) => a.kind === 'venue.over-capacity' && a.subject === 'v3');
    expect(over.severity).toBe('critical');

    // 2,600 on site: under 100 %, over 85 %: over clears, near stays.
    await report(server.url, device, { counts: [interval('v3-g2', 'c', 0, 400, '11:00', '12:00')] });
    await noOpen(admin, 'venue.over-capacity', 'v3');
    expect((await openAlerts(admin)).map((a) => a.kind)).toEqual(['venue.near-capacity']);

    // 2,500: under 85 %.
    await report(server.url, device, { counts: [interval('v3-g1', 'd', 0, 100, '11:00', '12:00')] });
    const cleared = await noOpen(admin, 'venue.near-capacity', 'v3');
    expect(cleared.id).toBe(near.id);
  });

  it('takes its thresholds from the event', async () => {
    const event = defaultEvent();
    event.alerts = { nearCapacityRatio: 0.5, nearCapacityClearRatio: 0.4 };
    const { server, admin } = await start({ event });
    const device = await issueToken(server.url, 'device', { venueId: 'v3' });
    await report(server.url, device, { counts: [interval('v3-g1', 'a', 1500)] });
    await alertWhen(admin, (a) => a.kind === 'venue.near-capacity' && a.subject === 'v3');
  });
});

describe('gate.silent', () => {
  it('raised after 10 minutes without a report during opening hours, cleared by the next report', async () => {
    const { server, admin, clock } = await start();
    const device = await issueToken(server.url, 'device', { venueId: 'v2' });
    await report(server.url, device, { counts: [interval('v2-g1', 'a', 5)] });
    clock.advance(9 * 60_000);
    await new Promise((r) => setTimeout(r, 150));
    expect((await openAlerts(admin)).filter((a) => a.subject === 'v2-g1')).toEqual([]);
    clock.advance(61_000);
    const silent = await alertWhen(admin, (a) => a.kind === 'gate.silent' && a.subject === 'v2-g1');
    expect(silent.message.en).toContain('has not reported for 10 minutes');
    // Gates never heard of are silent from the instance's start too, but v3's two are not: that day it closes at 12:00.
    expect((await openAlerts(admin)).filter((a) => a.kind === 'gate.silent').length).toBe(18);

    // A report of nobody is still a report.
    await report(server.url, device, { counts: [interval('v2-g1', 'b', 0, 0, '12:00', '12:05')] });
    await noOpen(admin, 'gate.silent', 'v2-g1');
    const board = (await admin.call('GET', '/api/v1/ops/board')).body as OpsBoard;
    expect(board.gates.find((g) => g.gateId === 'v2-g1')).toMatchObject({ ageSeconds: 0, silent: false, lastReportAt: new Date(clock.ms).toISOString() });
    expect(board.gates.find((g) => g.gateId === 'v2-g2')).toMatchObject({ silent: true, lastReportAt: null });
  });

  it('stays quiet outside opening hours', async () => {
    const evening = clock(Date.parse('2024-06-20T17:30:00+08:00'));
    const server = closing(await startServer({ now: evening.now, alerts: FAST }));
    const admin = await sessionOf(server.url);
    evening.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await openAlerts(admin)).toEqual([]);
  });
});

type ScreenSocket = Socket<FleetServerToClient, FleetClientToServer>;

async function pinnedScreen(url: string, token: string): Promise<ScreenSocket> {
  const socket: ScreenSocket = closing(io(url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } }));
  socket.on(FleetEvents.state, (_state, ack) => ack?.(true));
  await waitFor(socket, 'connect');
  const reg: Registration = { screenId: 'ignored', name: 'x', venue: null, resolution: { width: 1920, height: 1080 }, build: 'test', uptimeSeconds: 1, lastSeq: 0, heapBytes: 1e7 };
  await socket.emitWithAck(FleetEvents.register, reg);
  return socket;
}

describe('screen.offline', () => {
  it('raised when a pinned screen is unseen for 60 s, cleared when it returns', async () => {
    const { server, admin, clock } = await start();
    const token = await issueToken(server.url, 'display', { venueId: 'v3' });
    const first = await pinnedScreen(server.url, token);
    first.disconnect();
    clock.advance(59_000);
    await new Promise((r) => setTimeout(r, 150));
    expect((await openAlerts(admin)).filter((a) => a.kind === 'screen.offline')).toEqual([]);
    clock.advance(2000);
    const offline = await alertWhen(admin, (a) => a.kind === 'screen.offline');
    expect(offline.subject).toMatch(/^token-/);
    expect(offline.message.en).toContain('(v3) unseen for 61 s');
    const board = (await admin.call('GET', '/api/v1/ops/board')).body as OpsBoard;
    expect(board.screens['v3']).toEqual({ online: 0, stale: 0, offline: 1 });

    await pinnedScreen(server.url, token);
    await noOpen(admin, 'screen.offline', offline.subject);
  });
});

describe('signing.held', () => {
  it('raised for a held signing, cleared when someone else releases it', async () => {
    const { server, admin } = await start();
    const staff = await issueToken(server.url, 'staff');
    const { res, body } = await postSigning(server.url, staff, sampleSigning({ amount: 9e11, title: 'Mistyped giant' }));
    expect(res.status).toBe(201);
    const held = await alertWhen(admin, (a) => a.kind === 'signing.held');
    expect(held.subject).toBe(body.signing.id);
    expect(held.message.en).toContain('Mistyped giant');
    const released = await admin.call('POST', `/api/v1/signings/${body.signing.id}/release`, { reason: 'checked with the investor' });
    expect(released.status).toBe(200);
    await noOpen(admin, 'signing.held', body.signing.id);
  });
});

describe('store.unavailable', () => {
  it('raised while writes fail, cleared by the next write that succeeds, pushed on /ops', async () => {
    const dir = tempDir();
    const { state, store } = fillableStore(openSqliteStore(dir));
    const { server, admin } = await start({ store, dataDir: dir, alerts: { ...FAST, instance: 'node-a' } });
    const { cookie } = await login(server.url);
    const ops: Socket<OpsServerToClientEvents> = closing(io(server.url + OPS_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } }));
    await waitFor(ops, 'connect');
    const staff = await issueToken(server.url, 'staff');

    state.full = true;
    const raised = waitFor<Alert>(ops, OpsEvents.alertRaised);
    expect((await postSigning(server.url, staff)).res.status).toBe(503);
    expect(await raised).toMatchObject({ kind: 'store.unavailable', subject: 'node-a', severity: 'critical' });
    await alertWhen(admin, (a) => a.kind === 'store.unavailable');

    state.full = false;
    const cleared = waitFor<Alert>(ops, OpsEvents.alertCleared);
    expect((await postSigning(server.url, staff)).res.status).toBe(201);
    expect(await cleared).toMatchObject({ kind: 'store.unavailable', subject: 'node-a' });
    expect((await openAlerts(admin)).filter((a) => a.kind === 'store.unavailable')).toEqual([]);
  });

  it('/ops refuses anonymous sockets and staff', async () => {
    const { server } = await start();
    const anonymous = closing(io(server.url + OPS_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false }));
    expect((await waitFor<Error>(anonymous, 'connect_error')).message).toMatch(/log in/);
    const staff = closing(io(server.url + OPS_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: await issueToken(server.url, 'staff') } }));
    expect((await waitFor<Error>(staff, 'connect_error')).message).toMatch(/log in/);
  });
});

describe('raising again, acknowledging', () => {
  it('a venue that passes the line again within the window re-opens the same alert; acknowledging is audited', async () => {
    const { server, admin, clock } = await start();
    const device = await issueToken(server.url, 'device', { venueId: 'v3' });
    await report(server.url, device, { counts: [interval('v3-g1', 'a', 2800)] });
    const first = await alertWhen(admin, (a) => a.kind === 'venue.near-capacity');

    const acked = await admin.call('POST', `/api/v1/alerts/${first.id}/ack`);
    expect(acked.status).toBe(200);
    expect(acked.body.alert).toMatchObject({ id: first.id, ackedBy: 'admin', ackedAt: new Date(clock.ms).toISOString() });
    const audit = await admin.call('GET', '/api/v1/audit?type=operator');
    expect(audit.body.items).toEqual([
      expect.objectContaining({ type: 'operator', action: 'alert.acked', actor: 'admin', subject: first.id, details: { kind: 'venue.near-capacity', subject: 'v3' } }),
      expect.objectContaining({ type: 'operator', action: 'token.created', actor: 'admin' }),
    ]);

    await report(server.url, device, { counts: [interval('v3-g1', 'b', 0, 400, '11:00', '12:00')] });
    await noOpen(admin, 'venue.near-capacity', 'v3');
    clock.advance(60_000);
    await report(server.url, device, { counts: [interval('v3-g2', 'c', 400, 0, '11:00', '12:00')] });
    const again = await alertWhen(admin, (a) => a.kind === 'venue.near-capacity');
    expect(again.id).toBe(first.id);
    expect((await admin.call('GET', '/api/v1/alerts?state=all')).body.items.filter((a: Alert) => a.kind === 'venue.near-capacity')).toHaveLength(1);

    // Past the window (5 minutes by default) it is a new alert.
    await report(server.url, device, { counts: [interval('v3-g1', 'd', 0, 400, '11:00', '12:00')] });
    await noOpen(admin, 'venue.near-capacity', 'v3');
    clock.advance(301_000);
    await report(server.url, device, { counts: [interval('v3-g2', 'e', 300, 0, '12:00', '12:06')] });
    const third = await alertWhen(admin, (a) => a.kind === 'venue.near-capacity');
    expect(third.id).not.toBe(first.id);
  });

  it('answers 404 for an unknown alert', async () => {
    const { admin } = await start();
    expect((await admin.call('POST', '/api/v1/alerts/nope/ack')).status).toBe(404);
  });
});

describe('Prometheus', () => {
  it('exports venues against capacity, screens by state, gate report ages and open alerts by kind', async () => {
    const { server, admin, clock } = await start();
    const device = await issueToken(server.url, 'device', { venueId: 'v3' });
    await report(server.url, device, { counts: [interval('v3-g1', 'a', 2800)] });
    await alertWhen(admin, (a) => a.kind === 'venue.near-capacity');
    const token = await issueToken(server.url, 'display', { venueId: 'v3' });
    await pinnedScreen(server.url, token);
    clock.advance(42_000);
    const { port } = await server.pavilion.listenMetrics(0);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('pavilion_venue_on_site{venue="v3"} 2800');
    expect(text).toContain('pavilion_venue_capacity{venue="v3"} 3000');
    // 42 s without a heartbeat: stale.
    expect(text).toContain('pavilion_screens{venue="v3",state="stale"} 1');
    expect(text).toContain('pavilion_gate_last_report_age_seconds{gate="v3-g1"} 42');
    expect(text).toContain('pavilion_alerts_open{kind="venue.near-capacity"} 1');
    expect(text).toContain('pavilion_alerts_open{kind="store.unavailable"} 0');
  });
});

describe('operator actions in the audit log', () => {
  it('pages through them between the changes they follow, with seq.id cursors', async () => {
    const { server, admin } = await start();
    await issueToken(server.url, 'display', { venueId: 'v1' });
    const staff = await issueToken(server.url, 'staff');
    expect((await postSigning(server.url, staff)).res.status).toBe(201);
    await issueToken(server.url, 'display', { venueId: 'v2' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.call('GET', `/api/v1/audit?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { type: string; action?: string; seq: number }) => `${e.seq}:${e.action ?? e.type}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['1:token.created', '1:signing.created', '0:token.created', '0:token.created']);
  });
});
