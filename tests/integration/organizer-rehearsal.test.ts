import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE, FleetEvents, type FleetClientToServer, type FleetServerToClient, type ScreenState } from '../../shared/fleet.js';
import { LIVE_NAMESPACE, LiveEvents, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { startRehearsal } from '../support/rehearsal.js';
import { issueToken, login, postSigning, tempDir, waitFor, type LiveClient } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const closing = closeAfterEach();

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
    // Closed by the test itself, before the restart on the same data.
    const started = await startRehearsal(dataDir);
    const { url } = started;
    expect(await mode(url)).toBe('rehearsal');

    const staff = await issueToken(url, 'staff');
    expect((await postSigning(url, staff)).res.status).toBe(201);
    expect((await postSigning(url, staff)).res.status).toBe(201);
    expect((await summary(url)).signings.count).toBe(2);

    const screen: Socket<FleetServerToClient, FleetClientToServer> = closing(io(url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 }));
    const states: ScreenState[] = [];
    screen.on(FleetEvents.state, (s) => states.push(s));
    screen.on('connect', () =>
      screen.emit(FleetEvents.register, { screenId: 'lobby', name: 'Lobby', venue: 'v1', resolution: { width: 1920, height: 1080 }, build: 't', uptimeSeconds: 0, lastSeq: 0, heapBytes: null }),
    );
    await expect.poll(() => states.at(-1)?.rehearsal).toBe(true);

    const live: LiveClient = closing(io(url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 }));
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
    await started.close();
    const again = closing(await startRehearsal(dataDir));
    expect(await mode(again.url)).toBe('live');
    expect((await summary(again.url)).signings.count).toBe(1);
  });
});
