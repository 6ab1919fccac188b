import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import type { LiveNamespace } from '../live/hub.js';
import type { Change } from '../store/operations.js';
import type { LoginLimits } from '../auth/login-guard.js';
import type { PairingLimits } from '../fleet/pairing.js';
import { ClusterEvents } from './events.js';
import { sharedLoginLimits } from './shared-login-limits.js';
import { sharedPairingLimits } from './shared-pairing-limits.js';
import { withTimeout } from './timeout.js';

export interface ClusterOptions {
  redisUrl: string;
  /** Streams, channels, session keys and the login and pairing limits start with it, so that several Pavilions can share a Redis. */
  prefix?: string;
  /** The safety net: every instance reads the change log this often even without a notice. */
  pollMs?: number;
  /** Sent as CLIENT SETNAME, so that an operator (or a test) can tell the connections apart. */
  clientName?: string;
  /** Start fails after this long without Redis, rather than waiting silently. */
  connectTimeoutMs?: number;
}

/** What an instance hands the cluster: its namespace, and the feed that reads the change log in order. */
export interface ClusterLink {
  nsp: LiveNamespace;
  feed: { catchUp(): Promise<void> };
  log: Logger;
}

export interface ClusterMember {
  /** After each local commit: tells the other instances there is more to read. */
  committed(changes: Change[]): void;
  leave(): void;
}

export interface Cluster {
  /** For the Socket.IO server's `adapter` option; one Server per Cluster. */
  readonly adapter: ReturnType<typeof createAdapter>;
  join(link: ClusterLink): ClusterMember;
  /** Login limits every instance sees alike, under this cluster's prefix; `log` hears when Redis is away and they fall back to this instance. */
  loginLimits(log: Logger): LoginLimits;
  /** Wrong pairing codes counted for every instance alike, falling back the same way. */
  pairingLimits(log: Logger): PairingLimits;
  /** Resolves when Redis answers; rejects at once while it is away. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const PING_TIMEOUT_MS = 1000;

/**
 * Instances do not forward frames to each other: each one reads every change from the
 * database in seq order and broadcasts to its own screens. Redis only says "there is more"
 * (a lost notice costs at most one poll interval) and carries the Socket.IO adapter.
 */
export async function connectCluster(options: ClusterOptions): Promise<Cluster> {
  const prefix = options.prefix ?? 'pavilion';
  const client = createClient({ url: options.redisUrl, ...(options.clientName ? { name: options.clientName } : {}) });
  const readyListeners = new Set<() => void>();
  let errorLog: ((error: unknown) => void) | undefined;
  let lastErrorAt = -Infinity;
  let lastError: unknown;
  // node-redis reconnects by itself; an unhandled 'error' would end the process instead.
  client.on('error', (error: unknown) => {
    lastError = error;
    if (performance.now() - lastErrorAt < 5000) return;
    lastErrorAt = performance.now();
    errorLog?.(error);
  });
  client.on('ready', () => readyListeners.forEach((listener) => listener()));
  await connectWithin(client, options.connectTimeoutMs ?? 10_000, () => lastError);

  const adapter = createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:session:`,
    // Bounds how long a closing instance waits for its stream reader.
    blockTimeInMs: 1000,
  });
  return {
    adapter,
    join({ nsp, feed, log }) {
      errorLog = (error) => log.error({ err: error }, 'Redis connection problem');
      const catchUp = () => void feed.catchUp();
      nsp.on(ClusterEvents.committed, catchUp);
      // Notices sent while Redis was away are lost: read whatever was missed once it is back.
      readyListeners.add(catchUp);
      const poll = setInterval(catchUp, options.pollMs ?? 1000);
      poll.unref();
      return {
        committed(changes) {
          const last = changes.at(-1);
          if (last) nsp.serverSideEmit(ClusterEvents.committed, last.seq);
        },
        leave() {
          clearInterval(poll);
          readyListeners.delete(catchUp);
          nsp.off(ClusterEvents.committed, catchUp);
        },
      };
    },
    loginLimits: (log) => sharedLoginLimits(client, prefix, log),
    pairingLimits: (log) => sharedPairingLimits(client, prefix, log),
    async ping() {
      if (!client.isReady) throw new Error('Redis is not connected');
      await withTimeout(client.ping(), PING_TIMEOUT_MS, 'Redis did not answer');
    },
    async close() {
      readyListeners.clear();
      if (client.isOpen) await client.close();
    },
  };
}

/** node-redis keeps retrying the first connection for ever; an instance should rather fail to start. */
async function connectWithin(client: { connect(): Promise<unknown>; destroy(): void }, ms: number, lastError: () => unknown): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      client.destroy();
      const cause = lastError();
      reject(new Error(`Redis not reachable within ${ms} ms${cause instanceof Error ? `: ${cause.message}` : ''}`));
    }, ms);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
