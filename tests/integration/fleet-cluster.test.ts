import { beforeAll, describe, expect, it } from 'vitest';
import {
  FleetEvents,
  type CommandAnswer,
  type PairedMessage,
  type PairingCodeAnswer,
  type Profile,
  type Registration,
  type ScreenInfo,
} from '../../shared/fleet.js';
import { ClusterUnderTest, clusterBackendsUp, type Instance } from '../support/cluster.js';
import { openTestStore } from '../support/postgres.js';
import { waitFor } from '../support/server.js';
import { ScreenSockets, testRegistration } from '../support/fleet.js';
import { closeAfterEach } from '../support/teardown.js';
import { sessionOf } from './staff-support.js';

const cluster = new ClusterUnderTest('pavilion_fleet_cluster');
const screens = new ScreenSockets(closeAfterEach(() => cluster.stop()));

beforeAll(clusterBackendsUp);

async function twoInstances(): Promise<[Instance, Instance]> {
  return (await cluster.start(2)) as [Instance, Instance];
}

const registration = (screenId: string): Registration => testRegistration(screenId, { name: screenId, venue: null });

/** A screen page on one instance, confirming what it is sent as /display does. */
const screenOn = (instance: Instance, reg: Registration, token?: string) => screens.register(instance.url, reg, { token, confirmIdentify: true });

describe('pairing and per-screen commands across instances', () => {
  it('pairs a screen connected to another instance than the organizer, then identifies, renames and forgets it from there', async () => {
    const [a, b] = await twoInstances();
    const admin = await sessionOf(a.url);

    // A bare /display on instance B shows a code; the organizer's request lands on A.
    const pending = await screenOn(b, registration('scr-new'));
    const answer = await new Promise<PairingCodeAnswer>((resolve) => pending.socket.emit(FleetEvents.pairingCode, resolve));
    if ('error' in answer) throw new Error(answer.error.message);
    const waiting = (await admin.call('GET', '/api/v1/fleet/screens')).body as { items: ScreenInfo[] };
    expect(waiting.items.find((s) => s.id === 'scr-new')?.pairingCode).toBe(answer.code);

    const wrong = await admin.call('POST', '/api/v1/fleet/pair', { code: answer.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA', name: 'x', venueId: null });
    expect(wrong.status).toBe(404);

    const profile: Profile = { venue: 'v2', lang: 'en', scenes: [{ name: 'headline', seconds: 30 }], theme: 'light' };
    const paired = waitFor<PairedMessage>(pending.socket, FleetEvents.paired);
    const res = await admin.call('POST', '/api/v1/fleet/pair', { code: answer.code, name: 'Hall 2 north wall', venueId: 'v2', profile });
    expect(res.status).toBe(201);
    const message = await paired;
    expect(message).toMatchObject({ name: 'Hall 2 north wall', venue: 'v2', screenId: (res.body as { screenId: string }).screenId });
    // Single use, wherever it is tried.
    expect((await admin.call('POST', '/api/v1/fleet/pair', { code: answer.code, name: 'again', venueId: null })).status).toBe(404);
    pending.socket.disconnect();

    // It comes back with its credential, to instance B again, with the profile given on A.
    const screen = await screenOn(b, registration('scr-new'), message.token);
    expect(screen.states[0]).toMatchObject({ screenId: message.screenId, pinned: true, name: 'Hall 2 north wall', profile });
    const listed = async () => ((await admin.call('GET', '/api/v1/fleet/screens')).body as { items: ScreenInfo[] }).items;
    expect((await listed()).map((s) => s.id)).toEqual([message.screenId]);

    const target = { type: 'screen', id: message.screenId } as const;
    const identify = await admin.call('POST', '/api/v1/fleet/commands', { target, command: { kind: 'identify' } });
    expect(identify.body).toEqual({ reached: 1, acknowledged: 1 } satisfies CommandAnswer);
    expect(screen.identified).toEqual([{ screenId: message.screenId, name: 'Hall 2 north wall', venue: 'v2' }]);

    const rename = await admin.call('POST', '/api/v1/fleet/commands', { target, command: { kind: 'rename', name: 'Hall 2 south wall' } });
    expect(rename.body).toEqual({ reached: 1, acknowledged: 1 });
    expect(screen.states.at(-1)?.name).toBe('Hall 2 south wall');
    expect((await listed())[0]?.name).toBe('Hall 2 south wall');

    // Forgotten from A: B lets its page go, and the revoked token no longer connects.
    const gone = waitFor(screen.socket, 'disconnect');
    const forget = await admin.call('POST', '/api/v1/fleet/commands', { target, command: { kind: 'forget' } });
    expect(forget.body).toMatchObject({ reached: 1 });
    await gone;
    expect(await listed()).toEqual([]);
    const again = screens.open(b.url, message.token);
    expect((await waitFor<Error>(again, 'connect_error')).message).toBe('invalid display token');
  });
});

describe('an assignment whose notice another instance never got', () => {
  it('reaches that instance\'s screens when it reads the assignments again', async () => {
    const [, b] = (await cluster.start(2, undefined, undefined, { fleet: { resyncMs: 100 } })) as [Instance, Instance];
    const screen = await screenOn(b, registration('wall-lost'));
    expect(screen.state.blank).toBe(false);
    // Stored as an instance stores a command, with no notice to the others: the one Redis lost.
    const store = openTestStore(cluster.schema);
    await store.fleet.putAssignment({ target: 'all', kind: 'blank', value: true, updatedAt: new Date().toISOString() });
    await store.close();
    await expect.poll(() => screen.states.at(-1)?.blank).toBe(true);
  });
});
