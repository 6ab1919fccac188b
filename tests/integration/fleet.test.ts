import { describe, expect, it } from 'vitest';
import {
  FleetEvents,
  type FleetRequest,
  type Profile,
  type Registration,
  type ScreenState,
} from '../../shared/fleet.js';
import { issueToken, postSigning, startServer, waitFor } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';
import { fleetApi, ScreenSockets, testRegistration, type ScreenSocket } from '../support/fleet.js';

const closing = closeAfterEach();
const screens = new ScreenSockets(closing);

const registration = (screenId: string, venue: string | null = 'v1'): Registration => testRegistration(screenId, { venue, heapBytes: 1e7 });

/** A screen that registered and got its first state; it confirms each state, as /display does, so commands need not wait for it. */
const screen = (url: string, reg: Registration, token?: string) => screens.register(url, reg, { token });

/** Collects every state a socket receives. */
function record(socket: ScreenSocket): ScreenState[] {
  const seen: ScreenState[] = [];
  socket.on(FleetEvents.state, (s) => seen.push(s));
  return seen;
}

const PROFILE: Profile = { venue: 'v2', lang: 'en', scenes: [{ name: 'headline', seconds: 10 }], theme: 'light' };

describe('screen fleet', () => {
  it('registers a screen and lists it with what it reported', async () => {
    const server = closing(await startServer());
    const { state } = await screen(server.url, registration('lobby-1'));
    expect(state).toEqual({
      screenId: 'lobby-1',
      profile: null,
      pinned: false,
      announcement: null,
      spotlight: null,
      blank: false,
      rehearsal: false,
      name: 'Screen lobby-1',
      profileSource: null,
      stage: null,
      saver: null,
      quietHour: '03:00',
    });
    const [info] = await (await fleetApi(server.url)).screens();
    expect(info).toMatchObject({ id: 'lobby-1', name: 'Screen lobby-1', venue: 'v1', status: 'online', resolution: { width: 1920, height: 1080 }, build: 'test', heapBytes: 1e7 });
  });

  it('marks a silent screen stale, a lagging one stale, a gone one offline, with since when', async () => {
    // The server's clock, moved by the test: no wait depends on how busy the machine is.
    let t = Date.parse('2024-06-20T02:00:00Z');
    const server = closing(await startServer({ now: () => new Date(t), fleet: { thresholds: { silentMs: 300, behindMs: 300 } } }));
    const staff = await issueToken(server.url, 'staff');
    const api = await fleetApi(server.url);
    const first = async () => (await api.screens())[0];
    const { socket } = await screen(server.url, registration('s1'));
    expect((await first())?.status).toBe('online');
    t += 301;
    expect(await first()).toMatchObject({ status: 'stale', reason: 'silent', statusSince: new Date(t - 1).toISOString() });

    // It speaks again, but reports a seq behind the live one for too long.
    await postSigning(server.url, staff);
    await expect.poll(api.liveSeq).toBe(1);
    socket.emit(FleetEvents.heartbeat, { uptimeSeconds: 2, lastSeq: 0, heapBytes: 2e7 });
    await expect.poll(first).toMatchObject({ status: 'online', heapBytes: 2e7 });
    t += 250;
    socket.emit(FleetEvents.heartbeat, { uptimeSeconds: 3, lastSeq: 0, heapBytes: 2e7 });
    await expect.poll(async () => (await first())?.uptimeSeconds).toBe(3);
    expect((await first())?.status).toBe('online');
    t += 51;
    expect(await first()).toMatchObject({ status: 'stale', reason: 'behind' });
    socket.emit(FleetEvents.heartbeat, { uptimeSeconds: 4, lastSeq: 1, heapBytes: 2e7 });
    await expect.poll(async () => (await first())?.status).toBe('online');

    t += 1000;
    socket.disconnect();
    await expect.poll(async () => (await first())?.status).toBe('offline');
    expect((await first())?.statusSince).toBe(new Date(t).toISOString());
  });

  it('delivers a command to its target screens only', async () => {
    const server = closing(await startServer());
    const a = await screen(server.url, registration('a', 'v1'));
    const b = await screen(server.url, registration('b', 'v2'));
    const c = await screen(server.url, registration('c', 'v1'));
    const seen = { a: record(a.socket), b: record(b.socket), c: record(c.socket) };
    const api = await fleetApi(server.url);

    const toVenue = await api.command({ target: { type: 'venue', id: 'v1' }, command: { kind: 'announce', text: 'Main hall closes at 17:00 / 主会场17:00闭馆', seconds: 60 } });
    expect(toVenue.body).toEqual({ reached: 2, acknowledged: 2 });
    // Acknowledged: both have their state already.
    expect(seen.a.at(-1)?.announcement?.text).toBe('Main hall closes at 17:00 / 主会场17:00闭馆');
    expect(seen.c.at(-1)?.announcement?.remainingMs).toBeGreaterThan(59_000);
    expect(seen.b).toEqual([]);

    const toOne = await api.command({ target: { type: 'screen', id: 'b' }, command: { kind: 'blank', on: true } });
    expect(toOne.body).toEqual({ reached: 1, acknowledged: 1 });
    // b's only state is this one: the venue's banner never reached it.
    expect(seen.b).toHaveLength(1);
    expect(seen.b.at(-1)?.blank).toBe(true);
    expect(seen.a).toHaveLength(1);
    expect(seen.c).toHaveLength(1);

    const reloads: string[] = [];
    for (const [name, s] of Object.entries({ a, b, c })) {
      s.socket.on(FleetEvents.reload, (ack) => {
        reloads.push(name);
        ack(true);
      });
    }
    expect((await api.command({ target: { type: 'all' }, command: { kind: 'reload' } })).body).toEqual({ reached: 3, acknowledged: 3 });
    expect(reloads.sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps assignments across reconnects and restarts', async () => {
    // Closed by the test itself, before the restart on the same data.
    const before = await startServer();
    const first = await screen(before.url, registration('hall-2', 'v2'));
    const api = await fleetApi(before.url);
    await api.command({ target: { type: 'screen', id: 'hall-2' }, command: { kind: 'profile', profile: PROFILE } });
    await api.command({ target: { type: 'venue', id: 'v2' }, command: { kind: 'spotlight', text: 'Signing ceremony', seconds: 600 } });
    first.socket.disconnect();

    const again = await screen(before.url, registration('hall-2', 'v2'));
    expect(again.state.profile).toEqual(PROFILE);
    expect(again.state.spotlight?.text).toBe('Signing ceremony');

    await before.close();
    const server = closing(await startServer({ dataDir: before.dataDir }));
    const afterRestart = await screen(server.url, registration('hall-2', 'v2'));
    expect(afterRestart.state.profile).toEqual(PROFILE);
    expect(afterRestart.state.spotlight?.text).toBe('Signing ceremony');
  });

  it('pins a screen to a display token and refuses a bad token', async () => {
    const server = closing(await startServer());
    const token = await issueToken(server.url, 'display', { venueId: 'v3' });
    const pinned = await screen(server.url, registration('visitor-chose-this', 'v1'), token);
    expect(pinned.state.pinned).toBe(true);
    expect(pinned.state.screenId).toMatch(/^token-/);
    const [info] = await (await fleetApi(server.url)).screens();
    expect(info).toMatchObject({ venue: 'v3', pinned: true, name: 'test display' });

    // A page without the token cannot take the pinned screen's place by claiming its id.
    const impostor = screens.open(server.url);
    await waitFor(impostor, 'connect');
    const impostorStates = record(impostor);
    const refused = await impostor.emitWithAck(FleetEvents.register, registration(pinned.state.screenId, 'v1'));
    expect(refused).toMatchObject({ error: { code: 'forbidden' } });
    expect(impostorStates).toEqual([]);
    expect(pinned.socket.connected).toBe(true);
    expect(await (await fleetApi(server.url)).screens()).toMatchObject([{ id: pinned.state.screenId, pinned: true, status: 'online' }]);

    const bad = screens.open(server.url, 'pvl_nope');
    const error = await waitFor<Error>(bad, 'connect_error');
    expect(error.message).toBe('invalid display token');
  });

  it('forgets the screens offline longest beyond its bound, never a pinned or an online one', async () => {
    const server = closing(await startServer({ fleet: { offlineKept: 2 } }));
    const token = await issueToken(server.url, 'display', { venueId: 'v3' });
    const pinned = await screen(server.url, registration('pinned'), token);
    const online = await screen(server.url, registration('online'));
    const gone = [];
    for (const id of ['gone-1', 'gone-2', 'gone-3', 'gone-4']) gone.push(await screen(server.url, registration(id)));
    const api = await fleetApi(server.url);
    const ids = async () => (await api.screens()).map((s) => s.id).sort();
    // One at a time, each seen offline (or already forgotten) before the next: that is the order they left in.
    const left = async (id: string) => ['offline', undefined].includes((await api.screens()).find((s) => s.id === id)?.status);
    for (const [i, { socket }] of gone.entries()) {
      socket.disconnect();
      await expect.poll(() => left(`gone-${i + 1}`)).toBe(true);
    }
    pinned.socket.disconnect();
    await expect.poll(() => left(pinned.state.screenId)).toBe(true);
    expect(await ids()).toEqual(['gone-3', 'gone-4', 'online', expect.stringMatching(/^token-/)]);

    // Screens that come back are listed again, forgotten or not, and no longer count as offline.
    await screen(server.url, registration('gone-1'));
    await screen(server.url, registration('gone-4'));
    online.socket.disconnect();
    await expect.poll(() => left('online')).toBe(true);
    expect(await ids()).toEqual(['gone-1', 'gone-3', 'gone-4', 'online', expect.stringMatching(/^token-/)]);
  });

  it('keeps one screen per socket: registering B after A releases A', async () => {
    const server = closing(await startServer());
    const page = await screen(server.url, registration('a', 'v1'));
    const states = record(page.socket);
    expect(await page.socket.emitWithAck(FleetEvents.register, registration('b', 'v2'))).toEqual({ screenId: 'b', listed: true });
    const api = await fleetApi(server.url);
    expect((await api.screens()).map((s) => [s.id, s.status])).toEqual([
      ['a', 'offline'],
      ['b', 'online'],
    ]);

    expect((await api.command({ target: { type: 'screen', id: 'a' }, command: { kind: 'blank', on: true } })).body.reached).toBe(0);
    expect((await api.command({ target: { type: 'screen', id: 'b' }, command: { kind: 'announce', text: 'to b', seconds: 60 } })).body.reached).toBe(1);
    await expect.poll(() => states.at(-1)?.announcement?.text).toBe('to b');
    expect(states.every((s) => s.screenId === 'b' && !s.blank)).toBe(true);
  });

  it('counts in `reached` each connected screen once: no page that left, no id a socket moved on from', async () => {
    const server = closing(await startServer());
    await screen(server.url, registration('here'));
    const gone = await screen(server.url, registration('gone'));
    gone.socket.disconnect();
    const moved = await screen(server.url, registration('before-move'));
    await moved.socket.emitWithAck(FleetEvents.register, registration('after-move'));
    // One screen, open in two pages.
    const first = await screen(server.url, registration('twice'));
    const second = await screen(server.url, registration('twice'));
    const api = await fleetApi(server.url);
    await expect.poll(async () => (await api.screens()).find((s) => s.id === 'gone')?.status).toBe('offline');

    expect((await api.command({ target: { type: 'all' }, command: { kind: 'reload' } })).body.reached).toBe(3);
    expect((await api.command({ target: { type: 'screen', id: 'twice' }, command: { kind: 'blank', on: true } })).body.reached).toBe(1);
    await expect.poll(() => [first.socket, second.socket].map((s) => s.connected)).toEqual([true, true]);
  });

  it('keeps at most `screensKept` screens, forgetting an offline one for a new one, refusing when all are online', async () => {
    const server = closing(await startServer({ fleet: { screensKept: 3 } }));
    const a = await screen(server.url, registration('a'));
    await screen(server.url, registration('b'));
    await screen(server.url, registration('c'));
    const api = await fleetApi(server.url);
    const ids = async () => (await api.screens()).map((s) => s.id).sort();

    const late = screens.open(server.url);
    await waitFor(late, 'connect');
    expect(await late.emitWithAck(FleetEvents.register, registration('d'))).toMatchObject({ error: { code: 'unavailable' } });
    // Another page of a listed screen, and a screen with a display token, still register.
    const aAgain = await screen(server.url, registration('a'));
    expect(aAgain.state.screenId).toBe('a');
    const token = await issueToken(server.url, 'display', { venueId: 'v3' });
    expect((await screen(server.url, registration('x'), token)).state.pinned).toBe(true);
    expect(await ids()).toEqual(['a', 'b', 'c', expect.stringMatching(/^token-/)]);

    // A screen that went offline makes room; the one refused gets in when it tries again.
    a.socket.disconnect();
    aAgain.socket.disconnect();
    await expect.poll(async () => (await api.screens()).find((s) => s.id === 'a')?.status).toBe('offline');
    expect(await late.emitWithAck(FleetEvents.register, registration('d'))).toEqual({ screenId: 'd', listed: true });
    expect(await ids()).toEqual(['b', 'c', 'd', expect.stringMatching(/^token-/)]);
  });

  it('takes commands from organizers only, and validates them', async () => {
    const server = closing(await startServer());
    const staff = await issueToken(server.url, 'staff');
    const res = await fetch(`${server.url}/api/v1/fleet/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target: { type: 'all' }, command: { kind: 'reload' } }),
    });
    expect(res.status).toBe(403);
    const api = await fleetApi(server.url);
    const bad = await api.command({ target: { type: 'all' }, command: { kind: 'announce', text: '', seconds: 0 } } as FleetRequest);
    expect(bad.status).toBe(400);
  });
});
