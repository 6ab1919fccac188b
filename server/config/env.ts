import path from 'node:path';
import { ConfigError } from './event-file.js';
import { DEFAULT_EVENT_FILE } from './paths.js';

export interface ServerConfig {
  port: number;
  /** Undefined: every interface. */
  host: string | undefined;
  dataDir: string;
  /** Defaults to the 2024 World Intelligence Expo in Tianjin. */
  eventFile: string;
  adminPassword: string | undefined;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  trustProxy: boolean | string;
  /** Start on the rehearsal data set (until an admin goes live). */
  rehearsal: boolean;
}

/** Configuration from the environment, with the names an operator would guess. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0-65535, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST || undefined,
    dataDir: path.resolve(env.PAVILION_DATA_DIR ?? 'data'),
    eventFile: env.PAVILION_EVENT ?? DEFAULT_EVENT_FILE,
    adminPassword: env.PAVILION_ADMIN_PASSWORD || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    rehearsal: env.PAVILION_REHEARSAL === '1' || env.PAVILION_REHEARSAL === 'true',
    trustProxy: env.PAVILION_TRUST_PROXY === undefined ? false : env.PAVILION_TRUST_PROXY === 'true' || env.PAVILION_TRUST_PROXY,
  };
}
