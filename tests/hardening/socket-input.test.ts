import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE, FleetEvents } from '../../shared/fleet.js';
import { LIVE_NAMESPACE, LiveEvents, type SigningMessage } from '../../shared/live.js';
import { sessionOf } from '../integration/staff-support.js';
import { connectLive, issueToken, postSigning, startServer, waitFor, type TestServer } from '../support/server.js';

/** Generated payloads per socket event: small in CI, `PAVILION_FUZZ_RUNS` for a full run. */
const RUNS = Number(process.env.PAVILION_FUZZ_RUNS ?? 150);
/** Stays under the flood guard (burst 20): each socket sends a few, then a new one takes over. */
const PER_SOCKET = 15;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const payload = fc.oneof(
  fc.anything({ maxDepth: 5 }),
  fc.record(
    {
      screenId: fc.oneof(fc.string(), fc.constant('screen-1')),
      name: fc.string({ maxLength: 300 }),
      venue: fc.oneof(fc.constant('v1'), fc.constant(null), fc.string()),
      resolution: fc.anything({ maxDepth: 2 }),
      build: fc.string(),
      uptimeSeconds: fc.double(),
      lastSeq: fc.oneof(fc.integer(), fc.double()),
      heapBytes: fc.oneof(fc.double(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
  fc.string({ maxLength: 20_000 }),
);

const EVENTS: Record<string, string[]> = {
  [LIVE_NAMESPACE]: [...Object.values(LiveEvents), 'signing:create', '__proto__'],
  [FLEET_NAMESPACE]: [...Object.values(FleetEvents), 'fleet:command'],
};

describe(`hostile socket payloads (${RUNS} per event)`, () => {
  for (const [namespace, events] of Object.entries(EVENTS)) {
    it(`${namespace}: the server ignores or disconnects, keeps serving, and stores nothing`, async () => {
      let socket: Socket | undefined;
      let sent = 0;
      const next = async () => {
        if (socket && sent % PER_SOCKET !== 0) return socket;
        socket?.disconnect();
        socket = io(server.url + namespace, { transports: ['websocket'], forceNew: true, reconnection: false });
        await waitFor(socket, 'connect');
        return socket;
      };
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...events), payload, async (event, value) => {
          const s = await next();
          sent += 1;
          // Outside the typed contract on purpose: anything may arrive on the wire.
          (s as unknown as { emit(e: string, v: unknown): void }).emit(event, value);
        }),
        { numRuns: RUNS * events.length },
      );
      socket?.disconnect();

      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      const admin = await sessionOf(server.url);
      const screens = (await admin.call('GET', '/api/v1/fleet/screens')).body as { items: Array<{ name: string }> };
      // Only valid registrations count; whatever was stored had to pass the schema.
      for (const screen of screens.items) expect(screen.name.length).toBeLessThanOrEqual(100);
      const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
      expect(summary.signings.count).toBe(0);
    });
  }

  it('still broadcasts to a well-behaved screen afterwards', async () => {
    const screen = connectLive(server.url);
    await waitFor(screen, LiveEvents.snapshot);
    const received = waitFor<SigningMessage>(screen, LiveEvents.signingCreated);
    await postSigning(server.url, await issueToken(server.url, 'staff'));
    expect((await received).summary.signings.count).toBe(1);
    screen.disconnect();
  });
});
