import { describe, expect, it } from 'vitest';
import {
  FleetEvents,
  PAIRING_CODE_MS,
  type IdentifyMessage,
  type PairedMessage,
  type PairingCodeAnswer,
  type Profile,
  type Registration,
} from '../../shared/fleet.js';
import { PAIRING_ALPHABET } from '../../shared/fleet-schemas.js';
import { startServer, waitFor } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';
import { fleetApi, ScreenSockets, testRegistration, type ScreenSocket } from '../support/fleet.js';

const closing = closeAfterEach();
const screens = new ScreenSockets(closing);

/** The server's clock, moved by the tests. Tianjin, 2024-06-20 08:00 local. */
function testClock() {
  let t = Date.parse('2024-06-20T00:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), set: (iso: string) => (t = Date.parse(iso)) };
}

const registration = (screenId: string, venue: string | null = 'v1'): Registration => testRegistration(screenId, { venue });

/** A screen socket that acknowledges what it is sent (unless `silent`) and keeps every state. */
const screen = (url: string, reg: Registration, options: { token?: string; silent?: boolean } = {}) => screens.register(url, reg, options);

/** The code a screen is given; the test fails with the server's message when it is refused one. */
async function codeFor(socket: ScreenSocket): Promise<Extract<PairingCodeAnswer, { code: string }>> {
  const answer = await new Promise<PairingCodeAnswer>((resolve) => socket.emit(FleetEvents.pairingCode, resolve));
  if ('error' in answer) throw new Error(answer.error.message);
  return answer;
}

/** A server on the test clock, an organizer, and a new screen showing the code it was given. */
async function screenShowingCode(screenId: string) {
  const clock = testClock();
  const server = closing(await startServer({ now: clock.now }));
  const api = await fleetApi(server.url);
  const pending = await screen(server.url, registration(screenId, null));
  return { clock, server, api, pending, answer: await codeFor(pending.socket) };
}

const profile = (lang: Profile['lang'], theme: Profile['theme'] = 'dark'): Profile => ({ venue: null, lang, scenes: [{ name: 'headline', seconds: 20 }], theme });

describe('pairing a screen', () => {
  it('pairs the screen showing a code: it gets its own display token, and comes back as that screen', async () => {
    const { server, api, pending, answer } = await screenShowingCode('scr-new');
    expect(answer.code).toMatch(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`));
    expect(answer.code).not.toMatch(/[01OI]/);
    expect(answer.remainingMs).toBe(PAIRING_CODE_MS);
    expect((await api.screens()).find((s) => s.id === 'scr-new')?.pairingCode).toBe(answer.code);

    const paired = waitFor<PairedMessage>(pending.socket, FleetEvents.paired);
    const res = await api.pair({ code: answer.code.toLowerCase(), name: 'Hall 2 north wall', venueId: 'v2', profile: profile('en') });
    expect(res.status).toBe(201);
    const message = await paired;
    expect(message).toMatchObject({ name: 'Hall 2 north wall', venue: 'v2', screenId: res.body.screenId });
    expect(message.token).toMatch(/^pvl_/);
    // The pending entry left the list; the code is spent.
    expect((await api.screens()).map((s) => s.id)).toEqual([]);
    expect((await api.pair({ code: answer.code, name: 'again', venueId: null })).status).toBe(404);

    // Any later page with the token is that screen, with the profile given at pairing.
    pending.socket.disconnect();
    const back = await screen(server.url, registration('anything-else', 'v9'), { token: message.token });
    expect(back.states[0]).toMatchObject({ screenId: res.body.screenId, pinned: true, name: 'Hall 2 north wall', profile: profile('en'), profileSource: 'profile' });
    expect((await api.screens())[0]).toMatchObject({ id: res.body.screenId, name: 'Hall 2 north wall', venue: 'v2', pinned: true, pairingCode: null });
  });

  it('refuses an expired code, a pinned screen asking for one, and a code nobody shows', async () => {
    const { clock, api, pending, answer } = await screenShowingCode('scr-late');
    clock.advance(PAIRING_CODE_MS + 1);
    expect((await api.pair({ code: answer.code, name: 'Late', venueId: null })).status).toBe(404);
    expect((await api.screens())[0]?.pairingCode).toBeNull();
    // A fresh code works.
    const fresh = await codeFor(pending.socket);
    expect((await api.pair({ code: fresh.code, name: 'Late', venueId: null })).status).toBe(201);
    expect((await api.pair({ code: 'ABCDE0', name: 'x', venueId: null })).status).toBe(400);
    expect((await api.pair({ code: fresh.code, name: 'x', venueId: 'nowhere' })).status).toBe(400);
  });

  it('limits wrong codes per account, so that guessing one takes far longer than a code lives', async () => {
    const { clock, api, pending, answer } = await screenShowingCode('scr-guess');
    const wrong = answer.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let i = 0; i < 10; i++) expect((await api.pair({ code: wrong, name: 'x', venueId: null })).status).toBe(404);
    const limited = await api.pair({ code: answer.code, name: 'x', venueId: null });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60_000);
    const fresh = await codeFor(pending.socket);
    expect((await api.pair({ code: fresh.code, name: 'x', venueId: null })).status).toBe(201);
  });

  it('forgets a paired screen: its token stops working, so it shows a pairing code again', async () => {
    const { server, api, pending, answer } = await screenShowingCode('scr-f');
    const paired = waitFor<PairedMessage>(pending.socket, FleetEvents.paired);
    await api.pair({ code: answer.code, name: 'Gone', venueId: null });
    const { token, screenId } = await paired;
    const wall = await screen(server.url, registration('x'), { token });
    const dropped = waitFor(wall.socket, 'disconnect');
    expect((await api.command({ target: { type: 'screen', id: screenId }, command: { kind: 'forget' } })).body.reached).toBe(1);
    await dropped;
    expect(await api.screens()).toEqual([]);
    const again = screens.open(server.url, token);
    expect((await waitFor<Error>(again, 'connect_error')).message).toBe('invalid display token');
  });
});

describe('identify and acknowledgements', () => {
  it('sends identify to a venue, and counts the screens reached and those that confirmed', async () => {
    const server = closing(await startServer());
    const api = await fleetApi(server.url);
    const a = await screen(server.url, registration('a', 'v1'));
    const b = await screen(server.url, registration('b', 'v1'), { silent: true });
    await screen(server.url, registration('c', 'v2'));
    const identified = new Promise<IdentifyMessage>((resolve) => a.socket.on(FleetEvents.identify, (m, ack) => (ack(true), resolve(m))));
    b.socket.on(FleetEvents.identify, () => {});
    await api.command({ target: { type: 'screen', id: 'a' }, command: { kind: 'rename', name: 'Lobby left' } });
    const answer = await api.command({ target: { type: 'venue', id: 'v1' }, command: { kind: 'identify' } });
    expect(answer.body).toEqual({ reached: 2, acknowledged: 1 });
    expect(await identified).toEqual({ screenId: 'a', name: 'Lobby left', venue: 'v1' });
    expect((await api.screens()).find((s) => s.id === 'a')?.name).toBe('Lobby left');
    expect((await api.command({ target: { type: 'all' }, command: { kind: 'rename', name: 'x' } })).status).toBe(400);
  });
});

describe('schedules', () => {
  it('switches a screen to the range of its schedule on the event clock, and a ceremony stage wins over it', async () => {
    const clock = testClock();
    // 2024-06-20 07:59 in Tianjin.
    clock.set('2024-06-19T23:59:00Z');
    const server = closing(await startServer({ now: clock.now, fleet: { scheduleTickMs: 50 } }));
    const api = await fleetApi(server.url);
    const wall = await screen(server.url, registration('wall', 'v1'));
    const put = await api.schedule({
      target: { type: 'venue', id: 'v1' },
      schedule: {
        ranges: [
          { day: '2024-06-20', from: '08:00', to: '12:00', profile: profile('zh') },
          // Across midnight: the 20th's evening runs into the 21st's morning.
          { day: '2024-06-20', from: '22:00', to: '02:00', profile: profile('en', 'light') },
        ],
        saver: true,
        quietHour: '04:30',
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.reached).toBe(1);
    expect(wall.states.at(-1)).toMatchObject({ profile: null, profileSource: null, saver: true, quietHour: '04:30' });

    clock.set('2024-06-20T00:00:00Z'); // 08:00 local
    await expect.poll(() => wall.states.at(-1)?.profile?.lang, { timeout: 2000, interval: 20 }).toBe('zh');
    expect(wall.states.at(-1)?.profileSource).toBe('schedule');

    clock.set('2024-06-20T17:30:00Z'); // 01:30 on the 21st, local
    await expect.poll(() => wall.states.at(-1)?.profile?.theme, { timeout: 2000, interval: 20 }).toBe('light');

    clock.set('2024-06-20T18:00:00Z'); // 02:00 local: the range has ended
    await expect.poll(() => wall.states.at(-1)?.profileSource, { timeout: 2000, interval: 20 }).toBeNull();

    // A stage (set by ceremonies through the fleet's assignments) wins over the schedule.
    clock.set('2024-06-21T00:30:00Z');
    await server.pavilion.fleet.setStage('screen:wall', { ceremonyId: 'c-1' });
    await expect.poll(() => wall.states.at(-1)?.profileSource, { timeout: 2000, interval: 20 }).toBe('stage');
    expect(wall.states.at(-1)).toMatchObject({ stage: { ceremonyId: 'c-1' }, saver: false });
  });

  it('refuses a day outside the event and an unknown venue, naming the field', async () => {
    const server = closing(await startServer());
    const api = await fleetApi(server.url);
    const bad = await api.schedule({ target: { type: 'all' }, schedule: { ranges: [{ day: '2030-01-01', from: '08:00', to: '09:00', profile: profile('zh') }], saver: false, quietHour: '03:00' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error?.fields ?? {})).toEqual(['schedule.ranges.0.day']);
    expect((await api.schedule({ target: { type: 'venue', id: 'nowhere' }, schedule: null })).status).toBe(400);
  });
});
