import { io, type Socket } from 'socket.io-client';
import {
  FLEET_NAMESPACE,
  FleetEvents,
  type CommandAnswer,
  type FleetClientToServer,
  type FleetRequest,
  type FleetServerToClient,
  type IdentifyMessage,
  type Registration,
  type ScheduleRequest,
  type ScreenInfo,
  type ScreenState,
} from '../../shared/fleet.js';
import { login, waitFor } from './server.js';
import type { Closing } from './teardown.js';

export type ScreenSocket = Socket<FleetServerToClient, FleetClientToServer>;

/** What a screen page sends when it registers; `Screen <id>` in venue v1 unless told. */
export function testRegistration(screenId: string, overrides: Partial<Registration> = {}): Registration {
  return {
    screenId,
    name: `Screen ${screenId}`,
    venue: 'v1',
    resolution: { width: 1920, height: 1080 },
    build: 'test',
    uptimeSeconds: 1,
    lastSeq: 0,
    heapBytes: null,
    ...overrides,
  };
}

/** The fleet's HTTP API as the signed-in admin calls it. */
export async function fleetApi(url: string) {
  const { cookie, csrfToken } = await login(url);
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  };
  const list = async () => (await call<{ items: ScreenInfo[]; liveSeq: number }>('GET', '/fleet/screens')).body;
  return {
    screens: async () => (await list()).items,
    liveSeq: async () => (await list()).liveSeq,
    pair: (body: unknown) => call<{ screenId: string; name: string; error?: { code: string } }>('POST', '/fleet/pair', body),
    command: (request: FleetRequest) => call<CommandAnswer>('POST', '/fleet/commands', request),
    schedule: (request: ScheduleRequest) => call<CommandAnswer & { error?: { fields?: Record<string, string> } }>('PUT', '/fleet/schedules', request),
  };
}

/** The /fleet sockets of one test file's screens, each handed to `closing` (see `closeAfterEach`). */
export class ScreenSockets {
  constructor(private readonly closing: Closing) {}

  /** A bare socket on /fleet, not registered yet. */
  open(url: string, token?: string): ScreenSocket {
    const socket: ScreenSocket = io(url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, auth: token ? { token } : {} });
    return this.closing(socket);
  }

  /**
   * A screen that registered and got its first state (`state`). It keeps every state and identify
   * message; it confirms each state as /display does unless `silent`, and identify messages only
   * with `confirmIdentify`.
   */
  async register(url: string, reg: Registration, options: { token?: string; silent?: boolean; confirmIdentify?: boolean } = {}) {
    const socket = this.open(url, options.token);
    const states: ScreenState[] = [];
    const identified: IdentifyMessage[] = [];
    socket.on(FleetEvents.state, (state, ack) => {
      states.push(state);
      if (!options.silent) ack?.(true);
    });
    if (options.confirmIdentify) {
      socket.on(FleetEvents.identify, (message, ack) => {
        identified.push(message);
        ack(true);
      });
    }
    await waitFor(socket, 'connect');
    const first = waitFor<ScreenState>(socket, FleetEvents.state);
    socket.emit(FleetEvents.register, reg);
    return { socket, states, identified, state: await first };
  }
}
