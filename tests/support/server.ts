import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { SAMPLE_SIGNING } from '../../bench/payload.js';
import { io, type Socket } from 'socket.io-client';
import { createApp, type AppDeps, type Pavilion } from '../../server/app.js';
import { loadEventFile } from '../../server/config/event-file.js';
import { DEFAULT_EVENT_FILE } from '../../server/config/paths.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { EventConfig } from '../../shared/event-config.js';
import { LIVE_NAMESPACE, LiveEvents, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../shared/live.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import type { Closing } from './teardown.js';

export const ADMIN_PASSWORD = 'test-admin-password';
/** A pino logger that writes nothing: the app's logs are not what tests look at. */
export const silentLog = pino({ level: 'silent' });

/**
 * The Idempotency-Key a client sent, from the key a signing is stored under: keys are stored
 * scoped to their caller as `caller:<user|token>:<id>:<key>` (server/signings/create.ts).
 */
export const sentKeyOf = (stored: string): string => stored.replace(/^caller:(?:user|token):[^:]+:/, '');

/** The wall clock, for servers a test does not move in time. */
export const systemClock = (): Date => new Date();

/** A clock a test moves by hand: time passes only when the test says so. */
export function movableClock(start: string | number = '2024-06-20T02:00:00Z') {
  let ms = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: (): Date => new Date(ms),
    advance(byMs: number): void {
      ms += byMs;
    },
  };
}

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  pavilion: Pavilion;
  dataDir: string;
  event: EventConfig;
  close(): Promise<void>;
}

export function tempDir(prefix = 'pavilion-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function defaultEvent(): EventConfig {
  return loadEventFile(DEFAULT_EVENT_FILE);
}

/** The real app on port 0 with SQLite in a temporary (or given) folder. */
export async function startServer(options: Partial<AppDeps> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const event = options.event ?? defaultEvent();
  const pavilion = await createApp({
    store: options.store ?? openSqliteStore(dataDir),
    event,
    adminPassword: ADMIN_PASSWORD,
    log: silentLog,
    ...options,
    now: options.now ?? systemClock,
  });
  const address = await pavilion.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}`, pavilion, dataDir, event, close: () => pavilion.close() };
}

export function connectLive(url: string): LiveClient {
  return io(url + LIVE_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false });
}

/** A /live client that has had its first snapshot; `closing` closes it after the test. */
export async function snapshotClient(url: string, closing: Closing): Promise<LiveClient> {
  const client = closing(connectLive(url));
  await waitFor<Snapshot>(client, LiveEvents.snapshot);
  return client;
}

/** Resolves with the next `event` emitted by `emitter`, or rejects after `ms`. */
export function waitFor<T = unknown>(
  emitter: { once(event: string, listener: (value: T) => void): unknown },
  event: string,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    emitter.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export async function login(url: string, username = 'admin', password = ADMIN_PASSWORD) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string };
  return { res, cookie, csrfToken: body.csrfToken };
}

/** A bearer token of `role`, issued by the admin through the public API. */
export async function issueToken(url: string, role: string, scope: Record<string, unknown> = {}): Promise<string> {
  const admin = await login(url);
  const res = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify({ role, label: `test ${role}`, ...scope }),
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export function sampleSigning(overrides: Partial<SigningInput> = {}): SigningInput {
  return { ...SAMPLE_SIGNING, ...overrides };
}

/** `sampleSigning` as the store holds it: `s1`, published at version 1, made by desk1 at 10:00 in Tianjin. */
export function storedSigning(overrides: Partial<Signing> = {}): Signing {
  return {
    ...sampleSigning(),
    id: 's1',
    signedAt: '2024-06-20T02:00:00.000Z',
    amountCny: 5e9,
    rate: 1,
    status: 'published',
    version: 1,
    createdAt: '2024-06-20T02:00:00.000Z',
    updatedAt: '2024-06-20T02:00:00.000Z',
    createdBy: 'desk1',
    ...overrides,
  };
}

let keyCounter = 0;

export async function postSigning(
  url: string,
  token: string,
  body: unknown = sampleSigning(),
  key = `test-key-${process.pid}-${++keyCounter}`,
) {
  const res = await fetch(`${url}/api/v1/signings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  // any: tests read several response shapes from here and assert on them field by field.
  return { res, body: (await res.json()) as Record<string, any> };
}
