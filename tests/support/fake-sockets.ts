import { Adapter } from 'socket.io-adapter';
import { paceBroadcasts } from '../../server/live/paced-broadcasts.js';

/**
 * Socket.IO's own in-memory adapter, paced, over sockets that only record what is written to
 * them, so that the real broadcast path (encode once, then one write per socket) runs.
 */
export function pacedFakeSockets(count: number, clock: { sliceMs: number; now: () => number }, writeCostMs = 0) {
  const written: Array<[id: string, packet: string]> = [];
  const sockets = new Map<string, unknown>();
  for (let i = 0; i < count; i++) {
    const id = `s${i}`;
    const writeToEngine = (encoded: string[]) => {
      busyWait(writeCostMs);
      written.push([id, encoded.join('')]);
    };
    sockets.set(id, { client: { writeToEngine } });
  }
  const nsp = { name: '/live', sockets, server: { encoder: { encode: (packet: unknown) => [JSON.stringify(packet)] } } };
  const adapter = new Adapter(nsp);
  const pacer = paceBroadcasts(adapter, clock);
  for (const id of sockets.keys()) void adapter.addAll(id, new Set([id]));
  const emit = (event: string, payload: unknown, except: string[] = []) =>
    adapter.broadcast({ type: 2, data: [event, payload] }, { rooms: new Set(), except: new Set(except) });
  return { adapter, pacer, emit, written };
}

/** A clock that moves one millisecond each time it is read: every look costs time. */
export function tickingClock(sliceMs: number) {
  let t = 0;
  return { sliceMs, now: () => t++ };
}

/** Gives the event loop `turns` turns. */
export async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
