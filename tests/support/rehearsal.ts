import path from 'node:path';
import { createApp } from '../../server/app.js';
import { startWithRehearsal } from '../../server/organizer/rehearsal.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { ADMIN_PASSWORD, defaultEvent, silentLog, systemClock } from './server.js';

/**
 * The app behind its rehearsal switchboard on port 0, with rehearsal and live data in two SQLite
 * folders under one data folder, as main would open them; `clientDir` serves the built client.
 */
export async function startRehearsal(dataDir: string, clientDir?: string): Promise<{ url: string; close(): Promise<void> }> {
  const event = defaultEvent();
  const board = await startWithRehearsal({
    now: systemClock,
    live: openSqliteStore(dataDir),
    rehearsal: openSqliteStore(path.join(dataDir, 'rehearsal')),
    build: (store, rehearsal) =>
      createApp({ store, event, adminPassword: ADMIN_PASSWORD, log: silentLog, now: systemClock, fleet: { rehearsal }, ...(clientDir ? { clientDir } : {}) }),
    log: silentLog,
  });
  const address = await board.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}`, close: () => board.close() };
}
