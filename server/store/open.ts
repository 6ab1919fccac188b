import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../config/event-file.js';
import type { ServerConfig } from '../config/env.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Where the rehearsal's data set lives beside the live one. */
const REHEARSAL = 'rehearsal';

/**
 * The store the configuration asks for: PostgreSQL when DATABASE_URL is set, SQLite in the
 * data folder otherwise. The rehearsal data set is a sibling folder or schema.
 */
export function openStore(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>, dataSet: 'live' | 'rehearsal' = 'live', log?: Pick<Logger, 'error'>): Store {
  const url = config.databaseUrl;
  if (!url) return openSqliteStore(dataSet === 'live' ? config.dataDir : path.join(config.dataDir, REHEARSAL));
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  return openPostgresStore({
    connectionString: url,
    ...(dataSet === 'rehearsal' ? { schema: REHEARSAL } : {}),
    onError: (error) => log?.error({ err: error }, 'database connection lost'),
  });
}
