import os from 'node:os';
import { createApp, type Pavilion } from './app.js';
import { configFromEnv, type ServerConfig } from './config/env.js';
import { ConfigError, loadEventFile } from './config/event-file.js';
import { connectCluster } from './cluster/redis-cluster.js';
import { CLIENT_DIR } from './config/paths.js';
import { openPostgresStore } from './store/postgres/postgres-store.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/types.js';


function openStore(config: ServerConfig): Store {
  const url = config.databaseUrl;
  if (!url) return openSqliteStore(config.dataDir);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  return openPostgresStore({ connectionString: url, onError: (error) => console.error('pavilion: database connection lost', error) });
}

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

async function main(): Promise<void> {
  const config = configFromEnv();
  const event = loadEventFile(config.eventFile);
  const pavilion = await createApp({
    store: openStore(config),
    event,
    adminPassword: config.adminPassword,
    clientDir: CLIENT_DIR,
    trustProxy: config.trustProxy,
    ...(config.redisUrl ? { cluster: await connectCluster({ redisUrl: config.redisUrl }) } : {}),
  });
  const address = await pavilion.listen(config.port, config.host);
  printUrls(address.port, config.host, pavilion, config);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing writes and closing connections`);
    await pavilion.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Pavilion cannot start: ${error.message}` : error);
  process.exit(1);
});
