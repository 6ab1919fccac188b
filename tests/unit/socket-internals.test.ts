import { Adapter } from 'socket.io-adapter';
import { afterEach, describe, expect, it } from 'vitest';
import { internalsPresent } from '../../server/live/socket-internals.js';
import { LIVE_NAMESPACE } from '../../shared/live.js';
import { connectLive, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
let client: LiveClient | undefined;

afterEach(async () => {
  client?.disconnect();
  await server?.close();
  server = client = undefined;
});

/**
 * Pavilion reads a few engine.io and socket.io-adapter internals (server/live/socket-internals.ts,
 * paced-broadcasts.ts). If an upgrade moves them, backpressure or pacing would quietly stop
 * working; this test fails instead.
 */
describe('the Socket.IO internals Pavilion relies on', () => {
  it('finds writeBuffer, the WebSocket bufferedAmount and the upgrade request on a live connection', async () => {
    server = await startServer();
    client = connectLive(server.url);
    await waitFor(client, 'connect');
    const [socket] = server.pavilion.io.of(LIVE_NAMESPACE).sockets.values();
    expect(socket).toBeDefined();
    // The request is let go on connection, but the property itself must still exist.
    expect(internalsPresent(socket!)).toEqual({ writeBuffer: true, bufferedAmount: true, request: true });
  });

  it("finds the adapter's apply, which broadcast calls once per socket", () => {
    // Private in the library's types; paced broadcasts wrap it.
    const apply = (Adapter.prototype as unknown as { apply?: unknown }).apply;
    expect(typeof apply).toBe('function');
    const written: string[] = [];
    const sockets = new Map([['a', { client: { writeToEngine: () => written.push('a') } }]]);
    const adapter = new Adapter({ name: '/x', sockets, server: { encoder: { encode: (p: unknown) => [JSON.stringify(p)] } } } as unknown as ConstructorParameters<typeof Adapter>[0]);
    void adapter.addAll('a', new Set(['a']));
    const calls: unknown[] = [];
    const original = (adapter as unknown as { apply: (...args: unknown[]) => void }).apply.bind(adapter);
    (adapter as unknown as { apply: (...args: unknown[]) => void }).apply = (...args) => (calls.push(args), original(...args));
    adapter.broadcast({ type: 2, data: ['x'] } as never, { rooms: new Set(), except: new Set() });
    expect(calls).toHaveLength(1);
    expect(written).toEqual(['a']);
  });
});
