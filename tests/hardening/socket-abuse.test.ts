import { afterEach, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../server/live/flood-guard.js';
import { LiveEvents, type SigningMessage } from '../../shared/live.js';
import { connectLive, issueToken, postSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
let clients: LiveClient[] = [];

afterEach(async () => {
  clients.forEach((c) => c.disconnect());
  clients = [];
  await server?.close();
  server = undefined;
});

async function screen(url: string): Promise<LiveClient> {
  const client = connectLive(url);
  clients.push(client);
  await waitFor(client, LiveEvents.snapshot);
  return client;
}

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
    server = await startServer();
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
    server = await startServer();
    const sender = await screen(server.url);
    const bystander = await screen(server.url);
    const cutOff = waitFor(sender, 'disconnect');
    // Not part of the contract on purpose: the server must cope with anything on the wire.
    (sender as unknown as { emit(event: string, payload: string): void }).emit('anything', 'x'.repeat(200_000));
    await cutOff;
    expect(bystander.connected).toBe(true);
  });
});
