import { io, Manager, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/live/flood-guard.js';
import { FLEET_NAMESPACE, FleetEvents, type FleetClientToServer, type FleetServerToClient, type Registration, type ScreenInfo, type ScreenState } from '../../shared/fleet.js';
import { LIVE_NAMESPACE, LiveEvents, type SigningMessage } from '../../shared/live.js';
import { issueToken, login, postSigning, snapshotClient, startServer, waitFor, type LiveClient } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const closing = closeAfterEach();
const screen = (url: string): Promise<LiveClient> => snapshotClient(url, closing);

describe('token bucket', () => {
  it('allows a burst, then the refill rate', () => {
    const bucket = new TokenBucket(5, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(100)).toBe(false);
    expect(bucket.take(200)).toBe(true);
  });
});

describe('abusive socket clients', () => {
  it('disconnects a client that floods events; others keep receiving', async () => {
    const server = closing(await startServer());
    const flooder = await screen(server.url);
    const bystander = await screen(server.url);
    const cutOff = waitFor(flooder, 'disconnect');
    for (let i = 0; i < 500; i++) flooder.emit(LiveEvents.snapshotRequest);
    await cutOff;

    const received = waitFor<SigningMessage>(bystander, LiveEvents.signingCreated);
    await postSigning(server.url, await issueToken(server.url, 'staff'));
    expect((await received).seq).toBe(1);
    expect(bystander.connected).toBe(true);
  });

  it('disconnects a client that sends an oversized payload', async () => {
    const server = closing(await startServer());
    const sender = await screen(server.url);
    const bystander = await screen(server.url);
    const cutOff = waitFor(sender, 'disconnect');
    // Not part of the contract on purpose: the server must cope with anything on the wire.
    (sender as unknown as { emit(event: string, payload: string): void }).emit('anything', 'x'.repeat(200_000));
    await cutOff;
    expect(bystander.connected).toBe(true);
  });
});

describe('a hostile page on the venue network', () => {
  const wall = (screenId: string, venue: string): Registration => ({
    screenId,
    name: `Wall ${screenId}`,
    venue,
    resolution: { width: 3840, height: 2160 },
    build: 'test',
    uptimeSeconds: 1,
    lastSeq: 0,
    heapBytes: null,
  });

  it('registering a known screen id cuts the wall off from neither /live nor /fleet, nor takes its commands', async () => {
    const server = closing(await startServer());
    // A display page: /live and /fleet share one connection, as io() gives them in a browser.
    const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false });
    const live: LiveClient = closing(manager.socket(LIVE_NAMESPACE));
    const fleet: Socket<FleetServerToClient, FleetClientToServer> = closing(manager.socket(FLEET_NAMESPACE));
    await Promise.all([waitFor(live, LiveEvents.snapshot), waitFor(fleet, 'connect')]);
    expect(await fleet.emitWithAck(FleetEvents.register, wall('hall-1-wall', 'v1'))).toEqual({ screenId: 'hall-1-wall', listed: true });
    const wallStates: ScreenState[] = [];
    fleet.on(FleetEvents.state, (state) => wallStates.push(state));
    const cutOff: string[] = [];
    live.on('disconnect', (reason) => cutOff.push(`live: ${reason}`));
    fleet.on('disconnect', (reason) => cutOff.push(`fleet: ${reason}`));

    const attacker: Socket<FleetServerToClient, FleetClientToServer> = closing(io(server.url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false }));
    await waitFor(attacker, 'connect');
    expect(await attacker.emitWithAck(FleetEvents.register, wall('hall-1-wall', 'v9'))).toEqual({ screenId: 'hall-1-wall', listed: false });

    // The wall still gets its commands and its figures, and stays listed as it registered.
    const { cookie, csrfToken } = await login(server.url);
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const res = await fetch(`${server.url}/api/v1/fleet/commands`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ target: { type: 'venue', id: 'v1' }, command: { kind: 'announce', text: 'Doors close at 17:00', seconds: 60 } }),
    });
    // Neither test socket confirms states as a display does.
    expect(await res.json()).toEqual({ reached: 1, acknowledged: 0 });
    await expect.poll(() => wallStates.at(-1)?.announcement?.text).toBe('Doors close at 17:00');
    const signing = waitFor<SigningMessage>(live, LiveEvents.signingCreated);
    await postSigning(server.url, await issueToken(server.url, 'staff'));
    expect((await signing).seq).toBe(1);
    const screens = ((await (await fetch(`${server.url}/api/v1/fleet/screens`, { headers })).json()) as { items: ScreenInfo[] }).items;
    expect(screens).toMatchObject([{ id: 'hall-1-wall', venue: 'v1', resolution: { width: 3840, height: 2160 }, status: 'online' }]);
    expect(cutOff).toEqual([]);
    expect([live.connected, fleet.connected]).toEqual([true, true]);
  });
});
