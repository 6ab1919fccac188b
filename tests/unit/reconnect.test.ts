import { EventEmitter } from 'node:events';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, reconnectAfterServerDisconnect, type Backoff, type ReconnectClock } from '../../client/lib/reconnect.js';
import { LIVE_NAMESPACE, LiveEvents } from '../../shared/live.js';
import { startServer, waitFor, type TestServer } from '../support/server.js';

const BACKOFF: Backoff = { firstMs: 1000, maxMs: 8000, stableMs: 30_000 };

/** A socket whose events the test fires, counting the calls to connect(). */
class FakeSocket extends EventEmitter {
  connects = 0;
  connect(): void {
    this.connects += 1;
  }
}

/** Timers the test runs by hand; random() at its top, so each wait is the full one. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let next = 0;
  const clock: ReconnectClock = {
    now: () => now,
    random: () => 0.999_999,
    setTimeout: (callback, ms) => {
      timers.set(++next, { at: now + ms, callback });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    clock,
    pending: () => [...timers.values()].map((t) => t.at - now),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at > now) continue;
        timers.delete(id);
        t.callback();
      }
    },
  };
}

describe('reconnecting after the server disconnected a screen', () => {
  it('connects again after a wait that doubles while the server keeps disconnecting, up to the cap', () => {
    const socket = new FakeSocket();
    const time = manualClock();
    reconnectAfterServerDisconnect(socket, BACKOFF, time.clock);
    socket.emit('connect');
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      socket.emit('disconnect', 'io server disconnect');
      const [wait] = time.pending();
      waits.push(wait!);
      time.advance(wait!);
      expect(socket.connects).toBe(i + 1);
      // It connects, and is cut off again at once.
      socket.emit('connect');
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('starts the doubling over after a connection that lasted', () => {
    const socket = new FakeSocket();
    const time = manualClock();
    reconnectAfterServerDisconnect(socket, BACKOFF, time.clock);
    for (let i = 0; i < 3; i++) {
      socket.emit('connect');
      socket.emit('disconnect', 'io server disconnect');
      time.advance(time.pending()[0]!);
    }
    socket.emit('connect');
    time.advance(BACKOFF.stableMs);
    socket.emit('disconnect', 'io server disconnect');
    expect(time.pending()).toEqual([1000]);
  });

  it('leaves lost connections to socket.io and a page that closed its socket alone, and stops when told', () => {
    const socket = new FakeSocket();
    const time = manualClock();
    const stop = reconnectAfterServerDisconnect(socket, BACKOFF, time.clock);
    socket.emit('connect');
    socket.emit('disconnect', 'transport close');
    socket.emit('disconnect', 'io client disconnect');
    expect(time.pending()).toEqual([]);
    socket.emit('disconnect', 'io server disconnect');
    expect(time.pending()).toHaveLength(1);
    stop();
    expect(time.pending()).toEqual([]);
    socket.emit('disconnect', 'io server disconnect');
    time.advance(60_000);
    expect(socket.connects).toBe(0);
  });

  it('waits between half and all of the doubled delay', () => {
    expect(backoffDelay(0, BACKOFF, 0)).toBe(500);
    expect(backoffDelay(2, BACKOFF, 0.5)).toBe(3000);
    expect(backoffDelay(1000, BACKOFF, 0.999_999)).toBe(8000);
  });
});

describe('a real socket the server disconnects', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('comes back with the helper, and stays away without it', async () => {
    server = await startServer();
    const quick: Backoff = { firstMs: 50, maxMs: 200, stableMs: 10_000 };
    const helped = io(server.url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true });
    const bare = io(server.url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true });
    const stop = reconnectAfterServerDisconnect(helped, quick);
    try {
      await Promise.all([waitFor(helped, LiveEvents.snapshot), waitFor(bare, LiveEvents.snapshot)]);
      const reasons = Promise.all([waitFor<string>(helped, 'disconnect'), waitFor<string>(bare, 'disconnect')]);
      for (const socket of await server.pavilion.io.of(LIVE_NAMESPACE).fetchSockets()) socket.disconnect(true);
      expect(await reasons).toEqual(['io server disconnect', 'io server disconnect']);

      // A reconnected screen gets a fresh snapshot.
      await waitFor(helped, LiveEvents.snapshot);
      expect(helped.connected).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect(bare.connected).toBe(false);
    } finally {
      stop();
      helped.disconnect();
      bare.disconnect();
    }
  });
});
