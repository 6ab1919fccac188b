import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, LiveEvents, RECOVERY_AUTH, type ClientToServerEvents, type ServerToClientEvents } from '../shared/live.js';
import { nowMs } from './clock.js';
import { encode, newHistogram } from './histogram.js';
import { sentAtReader } from './payload.js';
import type { FromWorker, ToWorker } from './screen-protocol.js';

/** One process holding many real `/live` screens; the benchmark drives it over IPC. */
type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Screen {
  socket: LiveSocket;
  lastSeq: number;
  count: number;
  attendanceFrames: number;
  entriesTotal: number;
}

const CONNECT_WAVE = 50;
const CONNECT_TIMEOUT_MS = 20_000;

const screens: Screen[] = [];
let sentAtOf = sentAtReader('');
let histogram = newHistogram();
let disconnects = 0;
let reconnects = 0;
let recovered = 0;
let reconnectErrors = 0;
let errors = 0;
let firstError: string | undefined;
let churn: NodeJS.Timeout | undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

function noteError(message: string): void {
  errors++;
  firstError ??= message;
}

function receive(screen: Screen, changes: ReadonlyArray<{ seq: number; signing: { title: string } }>): void {
  const at = nowMs();
  for (const change of changes) {
    if (change.seq <= screen.lastSeq) continue;
    screen.lastSeq = change.seq;
    const sentAt = sentAtOf(change.signing.title);
    if (sentAt === undefined) continue;
    screen.count++;
    histogram.recordValue(Math.max(1, Math.round((at - sentAt) * 1000)));
  }
}

function open(url: string): Promise<boolean> {
  const socket: LiveSocket = io(url + LIVE_NAMESPACE, {
    transports: ['websocket'],
    auth: { ...RECOVERY_AUTH },
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 2000,
  });
  const screen: Screen = { socket, lastSeq: 0, count: 0, attendanceFrames: 0, entriesTotal: 0 };
  screens.push(screen);
  socket.on(LiveEvents.snapshot, (snapshot) => {
    screen.lastSeq = Math.max(screen.lastSeq, snapshot.seq);
    screen.entriesTotal = snapshot.summary.attendance?.total.entriesTotal ?? 0;
  });
  socket.on(LiveEvents.attendanceUpdated, (message) => {
    screen.attendanceFrames++;
    screen.entriesTotal = message.attendance?.total.entriesTotal ?? 0;
  });
  socket.on(LiveEvents.signingCreated, (message) => receive(screen, [message]));
  socket.on(LiveEvents.signingBatch, (message) => receive(screen, message.changes));
  socket.on('disconnect', () => disconnects++);
  // `recovered` is only known once the namespace has connected again, not at the manager's `reconnect`.
  let connects = 0;
  socket.on('connect', () => {
    if (++connects === 1) return;
    reconnects++;
    if (socket.recovered) recovered++;
  });
  socket.io.on('reconnect_error', () => reconnectErrors++);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      resolve(ok);
    };
    const onConnect = () => done(true);
    const onError = (error: Error) => (noteError(`connect: ${error.message}`), done(false));
    const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}

async function connect(url: string, count: number): Promise<void> {
  let connected = 0;
  for (let start = 0; start < count; start += CONNECT_WAVE) {
    const wave = Array.from({ length: Math.min(CONNECT_WAVE, count - start) }, () => open(url));
    connected += (await Promise.all(wave)).filter(Boolean).length;
  }
  send({ type: 'connected', connected, failed: count - connected, ...(firstError ? { firstError } : {}) });
}

function report(expected: number): void {
  let delivered = 0;
  let complete = 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  let attendanceFrames = 0;
  let minEntries = Number.MAX_SAFE_INTEGER;
  let maxEntries = 0;
  for (const screen of screens) {
    attendanceFrames += screen.attendanceFrames;
    minEntries = Math.min(minEntries, screen.entriesTotal);
    maxEntries = Math.max(maxEntries, screen.entriesTotal);
    delivered += screen.count;
    if (screen.count >= expected) complete++;
    min = Math.min(min, screen.count);
    max = Math.max(max, screen.count);
  }
  send({
    type: 'report',
    screens: screens.length,
    connected: screens.filter((s) => s.socket.connected).length,
    delivered,
    complete,
    minPerScreen: screens.length ? min : 0,
    maxPerScreen: max,
    histogram: encode(histogram),
    attendanceFrames,
    minEntriesTotal: screens.length ? minEntries : 0,
    maxEntriesTotal: maxEntries,
    disconnects,
    reconnects,
    recovered,
    reconnectErrors,
    errors,
    ...(firstError ? { firstError } : {}),
  });
}

function startChurn(everyMs: number): void {
  clearInterval(churn);
  if (everyMs > 0) {
    churn = setInterval(() => {
      // Closing the transport looks like a dropped network to both sides, so the server keeps the session for recovery.
      // Only connected screens: a forced close during a handshake is not what a network does, and
      // socket.io-client then waits for its 20 s connect timeout before it tries again.
      const connected = screens.filter((s) => s.socket.connected);
      connected[Math.floor(Math.random() * connected.length)]?.socket.io.engine?.close();
    }, everyMs);
  }
  send({ type: 'churning' });
}

function dropAll(): void {
  for (const screen of screens) screen.socket.io.engine?.close();
  send({ type: 'dropped' });
}

function close(): void {
  clearInterval(churn);
  for (const screen of screens) screen.socket.disconnect();
  send({ type: 'closed' });
  setTimeout(() => process.exit(0), 100);
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      void connect(message.url, message.count);
      break;
    case 'measure':
      sentAtOf = sentAtReader(message.tag);
      histogram = newHistogram();
      for (const screen of screens) screen.count = screen.attendanceFrames = 0;
      disconnects = reconnects = recovered = reconnectErrors = errors = 0;
      firstError = undefined;
      send({ type: 'measuring' });
      break;
    case 'report':
      report(message.expected);
      break;
    case 'churn':
      startChurn(message.everyMs);
      break;
    case 'drop':
      dropAll();
      break;
    case 'close':
      close();
      break;
  }
});
// The benchmark is gone (crashed or killed): nothing is left to report to.
process.on('disconnect', () => process.exit(0));
