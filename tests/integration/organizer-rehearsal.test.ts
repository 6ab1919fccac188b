import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { startWithRehearsal, type Switchboard } from '../../server/organizer/rehearsal.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { FLEET_NAMESPACE, FleetEvents, type FleetClientToServer, type FleetServerToClient, type ScreenState } from '../../shared/fleet.js';
import { LIVE_NAMESPACE, LiveEvents, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { ADMIN_PASSWORD, defaultEvent, issueToken, login, postSigning, silentLog, tempDir, waitFor, type LiveClient, systemClock } from '../support/server.js';

let board: Switchboard | undefined;
const sockets: Array<{ disconnect(): unknown }> = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await board?.close();
  board = undefined;
});

/** Rehearsal and live data in two SQLite folders under one data folder, as main would open them. */
async function startRehearsal(dataDir: string, clientDir?: string): Promise<{ board: Switchboard; url: string }> {
  const event = defaultEvent();
  const started = await startWithRehearsal({
      now: systemClock,
    live: openSqliteStore(dataDir),
    rehearsal: openSqliteStore(path.join(dataDir, 'rehearsal')),
    build: (store, rehearsal) =>
      createApp({ store, event, adminPassword: ADMIN_PASSWORD, log: silentLog, now: systemClock, fleet: { rehearsal }, ...(clientDir ? { clientDir } : {}) }),
    log: silentLog,
  });
  const address = await started.listen(0, '127.0.0.1');
  return { board: started, url: `http://127.0.0.1:${address.port}` };
}

const mode = async (url: string) => ((await (await fetch(`${url}/api/v1/rehearsal`)).json()) as { mode: string }).mode;
const summary = async (url: string) => (await (await fetch(`${url}/api/v1/summary`)).json()) as Summary;

async function goLive(url: string, confirm: string, auth: Record<string, string>) {
  return fetch(`${url}/api/v1/rehearsal/go-live`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ confirm }),
  });
}

describe('rehearsal mode', () => {
  it('keeps rehearsal signings out of the live data and goes live with clean zeros', async () => {
    const dataDir = tempDir();
    const started = await startRehearsal(dataDir);
    board = started.board;
    const { url } = started;
    expect(await mode(url)).toBe('rehearsal');

    const staff = await issueToken(url, 'staff');
    expect((await postSigning(url, staff)).res.status).toBe(201);
    expect((await postSigning(url, staff)).res.status).toBe(201);
    expect((await summary(url)).signings.count).toBe(2);

    const screen: Socket<FleetServerToClient, FleetClientToServer> = io(url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 });
    sockets.push(screen);
    const states: ScreenState[] = [];
    screen.on(FleetEvents.state, (s) => states.push(s));
    screen.on('connect', () =>
      screen.emit(FleetEvents.register, { screenId: 'lobby', name: 'Lobby', venue: 'v1', resolution: { width: 1920, height: 1080 }, build: 't', uptimeSeconds: 0, lastSeq: 0, heapBytes: null }),
    );
    await expect.poll(() => states.at(-1)?.rehearsal).toBe(true);

    const live: LiveClient = io(url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 });
    sockets.push(live);
    const first = await waitFor<Snapshot>(live, LiveEvents.snapshot);
    expect(first.summary.signings.count).toBe(2);

    // Only an admin, and only with the typed confirmation.
    expect((await goLive(url, 'GO LIVE', { authorization: `Bearer ${staff}` })).status).toBe(403);
    const admin = await login(url);
    const auth = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    expect((await goLive(url, 'yes', auth)).status).toBe(400);
    expect(await mode(url)).toBe('rehearsal');

    const next = waitFor<Snapshot>(live, LiveEvents.snapshot);
    const res = await goLive(url, 'GO LIVE', auth);
    expect(res.status).toBe(200);
    expect(await mode(url)).toBe('live');
    // The operator audit names who went live, and keeps what was done during the rehearsal.
    const audit = await fetch(`${url}/api/v1/audit?type=operator`, { headers: auth });
    const actions = ((await audit.json()) as { items: Array<{ action: string; actor: string }> }).items;
    expect(actions[0]).toMatchObject({ action: 'rehearsal.went-live', actor: 'admin' });
    expect(actions.map((a) => a.action)).toContain('token.created');

    // Screens reconnect by themselves and take the zeros: the seq carries on from the rehearsal.
    const fresh = await next;
    expect(fresh.summary.signings).toEqual({ count: 0, amountCny: 0 });
    expect(fresh.seq).toBeGreaterThanOrEqual(first.seq);
    await expect.poll(() => states.at(-1)?.rehearsal).toBe(false);

    // Logins and tokens carry over; new signings count from zero, after the rehearsal's seqs.
    const created = await postSigning(url, staff);
    expect(created.res.status).toBe(201);
    expect(created.body['seq']).toBe(first.seq + 1);
    expect((await summary(url)).signings.count).toBe(1);

    // Restarted on the same data, it stays live.
    await board.close();
    const again = await startRehearsal(dataDir);
    board = again.board;
    expect(await mode(again.url)).toBe('live');
    expect((await summary(again.url)).signings.count).toBe(1);
  });
});
