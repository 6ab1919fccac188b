import { FLEET_NAMESPACE, FleetEvents } from '../../shared/fleet.js';
import { heartbeatSchema, registerSchema } from '../../shared/fleet-schemas.js';
import { LIVE_NAMESPACE, LiveEvents } from '../../shared/live.js';
import { publicSigningSchema } from '../../shared/public.js';
import { jsonSchema } from './document.js';

const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const seq = { type: 'integer', minimum: 0 };
const summary = { type: 'object', description: 'shared/summary.ts Summary: totals, by venue, area, sector, country, day and hour, and attendance' };
const signing = { $ref: '#/components/schemas/PublicSigning' };

const message = (name: string, summaryText: string, payload: unknown) => ({ name, title: name, summary: summaryText, payload });

/**
 * The AsyncAPI 3.0 description of the Socket.IO namespaces `/live` (figures) and `/fleet`
 * (screens). A Socket.IO event is a message whose name is the event name and whose payload
 * is the event's one argument.
 */
export function asyncApiDocument(version: string): Record<string, unknown> {
  // Every event of the shared contract is listed; those without a payload schema here say where theirs is.
  const described = (events: Record<string, string>, known: Record<string, ReturnType<typeof message>>, where: string) =>
    Object.fromEntries(Object.entries(events).map(([key, name]) => [key, known[key] ?? message(name, `See ${where}`, { type: 'object' })]));
  const liveMessages = described(LiveEvents, {
    snapshot: message(LiveEvents.snapshot, 'The whole figures: on connect and on snapshot:request', object({ seq, summary, recentSignings: { type: 'array', items: signing }, serverTime: { type: 'string' } })),
    signingCreated: message(LiveEvents.signingCreated, 'A signing starts to count', object({ seq, prevSeq: seq, signing, summary })),
    signingUpdated: message(LiveEvents.signingUpdated, 'A counted signing was corrected', object({ seq, prevSeq: seq, signing, summary })),
    signingVoided: message(LiveEvents.signingVoided, 'A counted signing stops counting (as it was last shown)', object({ seq, prevSeq: seq, signing, summary })),
    signingBatch: message(LiveEvents.signingBatch, 'Several changes in one frame', object({ seq, prevSeq: seq, changes: { type: 'array', items: object({ type: { enum: [LiveEvents.signingCreated, LiveEvents.signingUpdated, LiveEvents.signingVoided] }, seq, signing }) }, summary })),
    attendanceUpdated: message(LiveEvents.attendanceUpdated, 'Attendance moved (at most every 500 ms)', object({ seq, prevSeq: seq, attendance: { type: ['object', 'null'] } })),
    heartbeat: message(LiveEvents.heartbeat, 'Every 5 s: the server’s seq (volatile)', object({ seq, serverTime: { type: 'string' } })),
    snapshotRequest: message(LiveEvents.snapshotRequest, 'Ask for a fresh snapshot (no argument; at most one a second is answered)', { type: 'null' }),
  }, 'shared/live.ts');
  const fleetMessages = described(FleetEvents, {
    register: message(FleetEvents.register, 'A screen says who it is (acknowledged)', jsonSchema(registerSchema, 'input')),
    heartbeat: message(FleetEvents.heartbeat, 'Every 5 s from the screen', jsonSchema(heartbeatSchema, 'input')),
    state: message(FleetEvents.state, 'What the screen must show now (acknowledged)', { type: 'object' }),
    reload: message(FleetEvents.reload, 'Reload the page (acknowledged)', { type: 'null' }),
    identify: message(FleetEvents.identify, 'Show name, venue, id and resolution (acknowledged)', { type: 'object' }),
  }, 'shared/fleet.ts');
  const ref = (channel: string, name: string) => ({ $ref: `#/channels/${channel}/messages/${name}` });
  const op = (action: 'send' | 'receive', channel: string, names: string[], summaryText: string) => ({
    action,
    channel: { $ref: `#/channels/${channel}` },
    summary: summaryText,
    messages: names.map((n) => ref(channel, n)),
  });
  const liveFromServer = Object.keys(liveMessages).filter((k) => k !== 'snapshotRequest');
  // Screen to server; the rest of FleetEvents goes the other way (shared/fleet.ts says which).
  const fleetFromScreens = Object.keys(fleetMessages).filter((k) => ['register', 'heartbeat', 'pairingCode'].includes(k));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Pavilion Socket.IO',
      version,
      description:
        'Socket.IO 4 (Engine.IO 4) namespaces. Ordering: each frame covers changes (prevSeq, seq]; a client at lastSeq applies it when prevSeq <= lastSeq, else asks for a snapshot. ' +
        'Events carry exactly one argument unless the client connects with auth {"recovery": true}: then, on a single instance, broadcast events carry a trailing string offset that the JavaScript client uses to resume after a short drop.',
    },
    servers: { pavilion: { host: 'localhost:3000', protocol: 'ws', pathname: '/socket.io/', description: 'Socket.IO endpoint; the namespace is chosen in the CONNECT packet' } },
    channels: {
      live: { address: LIVE_NAMESPACE, title: 'Live figures (anyone)', messages: liveMessages },
      fleet: { address: FLEET_NAMESPACE, title: 'Screens (display token or registration)', messages: fleetMessages },
    },
    operations: {
      liveFigures: op('send', 'live', liveFromServer, 'The server sends figures to every connected client'),
      liveSnapshotRequest: op('receive', 'live', ['snapshotRequest'], 'A client asks for a snapshot'),
      fleetFromScreens: op('receive', 'fleet', fleetFromScreens, 'Screens register, beat and ask'),
      fleetToScreens: op('send', 'fleet', Object.keys(fleetMessages).filter((k) => !fleetFromScreens.includes(k)), 'The server tells screens what to show'),
    },
    components: { schemas: { PublicSigning: jsonSchema(publicSigningSchema, 'output') } },
  };
}
