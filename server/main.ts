import os from 'node:os';
import { pino, type Logger } from 'pino';
import { createApp, type Pavilion } from './app.js';
import { configFromEnv, type ServerConfig } from './config/env.js';
import { ConfigError, loadEventFile } from './config/event-file.js';
import { connectCluster } from './cluster/redis-cluster.js';
import { listenMetrics } from './metrics/server.js';
import { CLIENT_DIR } from './config/paths.js';
import { startWithRehearsal } from './organizer/rehearsal.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';

function printUrls(port: number, host: string | undefined, pavilion: Pavilion, config: ServerConfig): void {
  const hosts =
    host && host !== '0.0.0.0' && host !== '::'
      ? [host]
      : [
          'localhost',
          ...Object.values(os.networkInterfaces())
            .flat()
            .filter((i) => i && i.family === 'IPv4' && !i.internal)
            .map((i) => i!.address),
        ];
  const where = config.databaseUrl ? 'PostgreSQL' : config.dataDir;
  console.log(`Pavilion is running (data in ${where}${config.redisUrl ? ', joined to the other instances through Redis' : ''}).`);
  for (const h of hosts) {
    console.log(`  Dashboard  http://${h}:${port}/`);
  }
  console.log(`  API        http://${hosts[0]}:${port}/api/v1/health`);
  if (pavilion.generatedAdminPassword) {
    console.log(`\nFirst start: user "admin" was created with password ${pavilion.generatedAdminPassword}`);
    console.log('It is shown only this once. Set PAVILION_ADMIN_PASSWORD to choose it yourself.\n');
  }
}

/** With PAVILION_REHEARSAL=1 a rehearsal data set runs until an admin goes live. */
async function start(
  config: ServerConfig,
  log: Logger,
): Promise<{ pavilion: Pavilion; listen: Pavilion['listen']; metricsHandler: Pavilion['metricsHandler']; close(): Promise<void> }> {
  const event = loadEventFile(config.eventFile);
  // The one real clock: everything else reads time through it.
  const now = () => new Date();
  const build = async (store: Store, rehearsal: boolean) =>
    createApp({
      store,
      event,
      now,
      adminPassword: config.adminPassword,
      clientDir: CLIENT_DIR,
      trustProxy: config.trustProxy,
      embedOrigins: config.embedOrigins,
      log,
      ...(rehearsal ? { fleet: { rehearsal } } : {}),
      ...(config.redisUrl ? { cluster: await connectCluster({ redisUrl: config.redisUrl }) } : {}),
    });
  if (!config.rehearsal) {
    const pavilion = await build(openStore(config, 'live', log), false);
    return { pavilion, listen: pavilion.listen, metricsHandler: pavilion.metricsHandler, close: pavilion.close };
  }
  if (config.redisUrl) throw new ConfigError('PAVILION_REHEARSAL cannot be combined with REDIS_URL (several instances)');
  const board = await startWithRehearsal({ live: openStore(config, 'live', log), rehearsal: openStore(config, 'rehearsal', log), build, now, log });
  console.log(`Data set: ${board.mode === 'rehearsal' ? 'REHEARSAL (an admin goes live from /organizer)' : 'live'}`);
  // The app behind the switchboard changes when the event goes live; metrics follow it.
  return { pavilion: board.active, listen: board.listen, metricsHandler: (req, res) => board.active.metricsHandler(req, res), close: board.close };
}

/**
 * A promise rejected without a handler inside a library must not take the instance down: when
 * Redis is killed, the Redis client rejects a request nobody awaits (seen in the process-level
 * cluster test), and with several instances on one Redis that would stop them all at once.
 * Pavilion's own state is in the database and the feed reads forward, so the instance logs it
 * and keeps serving.
 */
function surviveStrayRejections(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'a promise failed without a handler; still serving');
  });
}

async function main(): Promise<void> {
  const config = configFromEnv();
  // The one real logger: JSON lines on stdout, for the service manager's journal or a collector.
  const log = pino({ name: 'pavilion', level: config.logLevel });
  surviveStrayRejections(log);
  const { pavilion, listen, metricsHandler, close } = await start(config, log);
  const address = await listen(config.port, config.host);
  printUrls(address.port, config.host, pavilion, config);
  const metrics = config.metricsPort === undefined ? undefined : await listenMetrics(metricsHandler, config.metricsPort);
  console.log(metrics ? `  Metrics    http://127.0.0.1:${metrics.address.port}/metrics (this host only)` : '  Metrics    off (set PAVILION_METRICS_PORT to serve them on 127.0.0.1)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'finishing writes and closing connections');
    await Promise.all([metrics?.close(), close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Pavilion cannot start: ${error.message}` : error);
  process.exit(1);
});
