import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE, LiveEvents, RECOVERY_AUTH, type SigningMessage } from '../../shared/live.js';
import { issueToken, postSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';

/** Screens that ask keep connection-state recovery; everyone else gets the contract's one argument. */
let server: TestServer;
const sockets: LiveClient[] = [];

function connect(auth: Record<string, unknown>): LiveClient {
  const socket: LiveClient = io(server.url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true, auth, reconnectionDelay: 50, reconnectionDelayMax: 100 });
  sockets.push(socket);
  return socket;
}

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await server.close();
});

describe('connection-state recovery on request', () => {
  it('sends plain clients each event with one argument and opted-in clients the offset too', async () => {
    const plain = connect({});
    const recovering = connect({ ...RECOVERY_AUTH });
    const args = (socket: LiveClient) =>
      new Promise<unknown[]>((resolve) => socket.onAny((event: string, ...rest: unknown[]) => event === LiveEvents.signingCreated && resolve(rest)));
    await Promise.all([waitFor(plain, LiveEvents.snapshot), waitFor(recovering, LiveEvents.snapshot)]);
    const heard = [args(plain), args(recovering)];
    await postSigning(server.url, await issueToken(server.url, 'staff'));
    const [plainArgs, recoveringArgs] = await Promise.all(heard);
    expect(plainArgs).toHaveLength(1);
    expect(recoveringArgs).toHaveLength(2);
    expect(typeof recoveringArgs![1]).toBe('string');
  });

  it('replays what an opted-in screen missed during a short drop, without a snapshot', async () => {
    const screen = connect({ ...RECOVERY_AUTH });
    await waitFor(screen, LiveEvents.snapshot);
    const staff = await issueToken(server.url, 'staff');
    // An offset is only known after a broadcast: the screen must have heard one before it drops.
    const first = waitFor<SigningMessage>(screen, LiveEvents.signingCreated);
    await postSigning(server.url, staff);
    await first;
    let snapshots = 0;
    screen.on(LiveEvents.snapshot, () => snapshots++);
    // Reconnect by hand, so that the signing surely falls into the drop.
    screen.io.reconnection(false);
    const dropped = waitFor(screen, 'disconnect');
    screen.io.engine.close();
    await dropped;
    const missed = await postSigning(server.url, staff);
    const replayed = waitFor<SigningMessage>(screen, LiveEvents.signingCreated);
    const back = waitFor(screen, 'connect');
    screen.connect();
    await back;
    expect(screen.recovered).toBe(true);
    expect((await replayed).seq).toBe(missed.body.seq);
    expect(snapshots).toBe(0);
  });
});
