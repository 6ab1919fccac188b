import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { io } from 'socket.io-client';
import { createClient } from 'redis';
import { createApp, type AppDeps, type Pavilion } from '../../server/app.js';
import { connectCluster } from '../../server/cluster/redis-cluster.js';
import { LIVE_NAMESPACE, LiveEvents, type AttendanceMessage, type SigningBatchMessage, type SigningMessage, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from './postgres.js';
import { ADMIN_PASSWORD, defaultEvent, silentLog, systemClock, type LiveClient } from './server.js';

/** CI must run Redis; these tests fail, never skip, when it is not there. */
export const TEST_REDIS_URL = process.env.PAVILION_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
  name: string;
  url: string;
  port: number;
  pavilion: Pavilion;
  /** Drops every TCP connection and stops listening, as a crashed process would; then frees the rest. */
  kill(): Promise<void>;
}

/** One Pavilion with its own PostgreSQL pool and Redis connections, as a separate process would have. */
export async function startInstance(
  schema: string,
  prefix: string,
  name: string,
  pollMs = 1000,
  now?: () => Date,
  overrides: Partial<AppDeps> = {},
): Promise<Instance> {
  const cluster = await connectCluster({ redisUrl: TEST_REDIS_URL, prefix, clientName: name, pollMs });
  const pavilion = await createApp({
    store: openTestStore(schema),
    event: defaultEvent(),
    adminPassword: ADMIN_PASSWORD,
    log: silentLog,
    cluster,
    now: now ?? systemClock,
    ...overrides,
  });
  const sockets = new Set<net.Socket>();
  pavilion.httpServer.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { port } = await pavilion.listen(0, '127.0.0.1');
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    pavilion,
    async kill() {
      pavilion.httpServer.close();
      sockets.forEach((socket) => socket.destroy());
      await pavilion.close();
    },
  };
}

/** Fails at once, with the connection error, when PostgreSQL or Redis is missing. */
export async function clusterBackendsUp(): Promise<void> {
  await adminQuery('SELECT 1');
  await redisCommand(['PING']);
}

/**
 * The instances of one cluster under test. Each `start()` takes a fresh PostgreSQL schema and
 * Redis prefix; `stop()` closes every instance and removes both.
 */
export class ClusterUnderTest {
  instances: Instance[] = [];
  schema = '';
  prefix = '';

  constructor(readonly schemaPrefix: string) {}

  /** A fresh schema and Redis prefix, no instance yet. */
  fresh(): void {
    this.schema = uniqueSchema(this.schemaPrefix);
    this.prefix = `pavilion-test-${randomBytes(4).toString('hex')}`;
  }

  /** `n` instances on a fresh schema, started one after the other: the first one creates the schema and the admin. */
  async start(n: number, pollMs?: number, now?: () => Date, overrides?: Partial<AppDeps>): Promise<Instance[]> {
    this.fresh();
    for (let i = 0; i < n; i++) await this.add(`${this.prefix}-${i}`, pollMs, now, overrides);
    return this.instances;
  }

  /** One more instance on the current schema and prefix. */
  async add(name: string, pollMs?: number, now?: () => Date, overrides?: Partial<AppDeps>): Promise<Instance> {
    const instance = await startInstance(this.schema, this.prefix, name, pollMs, now, overrides);
    this.instances.push(instance);
    return instance;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.instances.map((i) => i.pavilion.close()));
    this.instances = [];
    if (this.schema) await dropSchema(this.schema);
    if (this.prefix) await redisCommand(['DEL', `${this.prefix}:socket.io`]);
    this.schema = this.prefix = '';
  }
}

/** A round-robin TCP balancer, standing in for nginx: a client that reconnects lands on another live instance. */
export class TcpBalancer {
  readonly #server = net.createServer((client) => this.#route(client));
  #backends: number[];
  #next = 0;

  constructor(backends: number[]) {
    this.#backends = [...backends];
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as net.AddressInfo).port}`;
  }

  /** Like a failed health check: no new connections go there. */
  remove(port: number): void {
    this.#backends = this.#backends.filter((p) => p !== port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #route(client: net.Socket): void {
    const port = this.#backends[this.#next++ % this.#backends.length]!;
    const upstream = net.connect(port, '127.0.0.1');
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', close);
      s.on('close', close);
    }
    client.pipe(upstream).pipe(client);
  }
}

/** A screen that keeps figures the way the real client does and records every seq it is given. */
export class RecordingScreen {
  readonly socket: LiveClient;
  lastSeq = -1;
  summary: Summary | undefined;
  readonly seen: number[] = [];
  snapshots = 0;
  gaps = 0;
  attendanceFrames = 0;

  constructor(url: string) {
    this.socket = io(url + LIVE_NAMESPACE, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    this.socket.on(LiveEvents.snapshot, (s: Snapshot) => {
      this.snapshots += 1;
      this.lastSeq = s.seq;
      this.summary = s.summary;
    });
    const single = (m: SigningMessage) => this.#frame(m, [m.seq]);
    this.socket.on(LiveEvents.signingCreated, single);
    this.socket.on(LiveEvents.signingUpdated, single);
    this.socket.on(LiveEvents.signingVoided, single);
    this.socket.on(LiveEvents.attendanceUpdated, (m: AttendanceMessage) => {
      this.attendanceFrames += 1;
      if (this.#frame({ ...m, summary: this.summary! }, []) && this.summary) this.summary = { ...this.summary, attendance: m.attendance };
    });
    this.socket.on(LiveEvents.signingBatch, (m: SigningBatchMessage) =>
      this.#frame(
        m,
        m.changes.map((c) => c.seq),
      ),
    );
  }

  /** Applies a frame the way the real client does; false when it was stale or followed a gap. */
  #frame(m: { seq: number; prevSeq: number; summary: Summary }, seqs: number[]): boolean {
    if (this.lastSeq < 0) return false;
    if (m.prevSeq > this.lastSeq) {
      // The contract: a screen that missed something asks for a snapshot.
      this.gaps += 1;
      this.socket.emit(LiveEvents.snapshotRequest);
      return false;
    }
    this.seen.push(...seqs.filter((s) => s > this.lastSeq));
    if (m.seq < this.lastSeq) return false;
    this.lastSeq = m.seq;
    this.summary = m.summary;
    return true;
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs one command on a throwaway Redis connection. */
export async function redisCommand(args: string[]): Promise<unknown> {
  const client = createClient({ url: TEST_REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    await client.close();
  }
}

/** Breaks every Redis connection of the named instances, as a Redis restart would. */
export async function killRedisConnections(names: string[]): Promise<number> {
  const list = String(await redisCommand(['CLIENT', 'LIST']));
  const ids = list
    .split('\n')
    .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: /\bname=(\S*)/.exec(line)?.[1] ?? '' }))
    .filter((c) => c.id && names.includes(c.name));
  for (const c of ids) await redisCommand(['CLIENT', 'KILL', 'ID', c.id!]).catch(() => undefined);
  return ids.length;
}
