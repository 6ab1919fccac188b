import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { createApp } from '../server/app.js';
import { parseEnv, type Env } from '../server/config/env.js';
import { loadEventFile } from '../server/config/event-file.js';
import { CLIENT_DIR } from '../server/config/paths.js';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { EventConfig } from '../shared/event-config.js';
import { ApiClient } from './demo/client.js';
import { runGates } from './demo/gates.js';
import { runSignings } from './demo/signings.js';

/**
 * `npm run demo`: a simulated expo day fed through the public API: a signing every few
 * seconds and gate reports from every venue (a day squeezed into 8 minutes at the default
 * PAVILION_DEMO_SPEED=60). Without PAVILION_URL it
 * starts its own Pavilion on a separate, fresh data folder (data/demo), so demo figures
 * never mix with real ones.
 */
async function main(): Promise<void> {
  const env = parseEnv();
  const target = env.PAVILION_URL ? await remoteTarget(env.PAVILION_URL, env.PAVILION_ADMIN_PASSWORD) : await ownServer(env);
  const api = new ApiClient(target.url);
  const event = (await (await fetch(`${target.url}/api/v1/event`)).json()) as EventConfig;
  const staff = api.withToken(await ApiClient.issueToken(target.url, target.password, 'staff'));

  console.log(`\nDemo running. Open:\n  ${target.url}/\n  ${target.url}/display\nCtrl+C stops it.\n`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const [created, gates] = await Promise.all([
    runSignings(staff, event, stop.signal),
    runGates({
      baseUrl: target.url,
      event,
      tokenFor: (venueId) => ApiClient.issueToken(target.url, target.password, 'device', { venueId }),
      speed: env.PAVILION_DEMO_SPEED,
      signal: stop.signal,
    }),
  ]);
  console.log(`demo: ${created} signings, ${gates.batches} gate batches (${gates.entries} entries, ${gates.refused} refused)`);
  await target.close();
}

async function remoteTarget(url: string, password: string | undefined) {
  if (!password) throw new Error('PAVILION_URL needs PAVILION_ADMIN_PASSWORD to issue demo tokens');
  return { url: url.replace(/\/$/, ''), password, close: async () => {} };
}

async function ownServer(env: Env) {
  const dataDir = path.join(env.PAVILION_DATA_DIR, 'demo');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const password = 'demo-admin-password';
  const pavilion = await createApp({
    store: openSqliteStore(dataDir),
    event: loadEventFile(env.PAVILION_EVENT),
    adminPassword: password,
    now: () => new Date(),
    clientDir: CLIENT_DIR,
    log: pino({ name: 'pavilion-demo', level: 'warn' }),
  });
  const address = await pavilion.listen(env.PORT, env.HOST);
  console.log(`Demo Pavilion on port ${address.port}, data in ${dataDir} (admin password: ${password})`);
  return { url: `http://localhost:${address.port}`, password, close: () => pavilion.close() };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
