import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensurePostgresDatabase } from '../server/store/postgres/database.js';
import { freePort, spawnNode, waitExit } from './children.js';
import { pollUntil } from './clock.js';

const tempDirs: string[] = [];

/** A fresh data folder, removed by `removeTempDirs` when the benchmark ends well. */
export function benchTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pavilion-bench-'));
  tempDirs.push(dir);
  return dir;
}

/** Removes the data folders of this run; after a failure they stay, with the servers' logs. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** dist/ — this file runs as dist/bench/server-process.js. */
export const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  /** Where its Prometheus metrics are served (PAVILION_METRICS_PORT on 127.0.0.1); absent for the bare references. */
  readonly metricsUrl?: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Graceful stop (SIGTERM), SIGKILL after a few seconds. */
  stop(): Promise<void>;
  /** `kill -9`: nothing gets to finish. */
  crash(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  readyPath?: string;
  /** Give it a free port for its metrics server, as Pavilion's PAVILION_METRICS_PORT. */
  metrics?: boolean;
}

/** Starts a server script on a free 127.0.0.1 port and waits until `readyPath` answers 200. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const metricsPort = options.metrics ? await freePort() : undefined;
  const dataDir = options.dataDir ?? benchTempDir();
  const log = fs.openSync(path.join(dataDir, `${options.name}.log`), 'a');
  const env = { PORT: String(port), HOST: '127.0.0.1', ...(metricsPort ? { PAVILION_METRICS_PORT: String(metricsPort) } : {}), ...options.env };
  const child = spawnNode(options.script, [], env, ['ignore', log, log]);
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const ready = await pollUntil(async () => {
    if (child.exitCode !== null) return true;
    return fetch(url + (options.readyPath ?? '/health')).then((r) => r.ok, () => false);
  }, 30_000, 100);
  if (!ready || child.exitCode !== null || child.pid === undefined) {
    child.kill('SIGKILL');
    throw new Error(`${options.name} did not start; see ${path.join(dataDir, `${options.name}.log`)}`);
  }
  return handle(options.name, url, child, dataDir, metricsPort ? `http://127.0.0.1:${metricsPort}` : undefined);
}

function handle(name: string, url: string, child: ChildProcess, dataDir: string, metricsUrl: string | undefined): ServerProcess {
  return {
    name,
    url,
    ...(metricsUrl ? { metricsUrl } : {}),
    pid: child.pid!,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child, 5000);
    },
    async crash() {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    },
  };
}

export const ADMIN_PASSWORD = 'bench-admin-password-1';

/** The production build of Pavilion, with a fresh (or the given) data folder, and its database when PostgreSQL is in use. */
export async function startPavilion(dataDir = benchTempDir()): Promise<ServerProcess> {
  const databaseUrl = await databaseUrlFor(dataDir);
  const server = await startServerProcess({
    name: 'pavilion',
    script: path.join(DIST_DIR, 'server/main.js'),
    env: { PAVILION_ADMIN_PASSWORD: ADMIN_PASSWORD, PAVILION_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    readyPath: '/api/v1/health',
    dataDir,
    metrics: true,
  });
  // Figures labelled PostgreSQL must come from a server that says it runs on it.
  if (databaseUrl && !fs.readFileSync(path.join(dataDir, 'pavilion.log'), 'utf8').includes('data in PostgreSQL')) {
    await server.stop();
    throw new Error(`Pavilion did not start on PostgreSQL; see ${path.join(dataDir, 'pavilion.log')}`);
  }
  return server;
}

/**
 * Keeps Pavilion's summary in its data folder for the bare Socket.IO reference, which
 * broadcasts it with every signing so that both carry the same payload. Returns the file.
 */
export async function saveSummary(pavilion: ServerProcess): Promise<string> {
  const file = path.join(pavilion.dataDir, 'summary.json');
  fs.writeFileSync(file, await (await fetch(`${pavilion.url}/api/v1/summary`)).text());
  return file;
}

/** The bare Socket.IO reference, broadcasting the summary `saveSummary` kept. */
export function startBareBroadcast(summaryFile: string): Promise<ServerProcess> {
  return startServerProcess({
    name: 'bare-broadcast',
    script: path.join(DIST_DIR, 'bench/reference/bare-broadcast.js'),
    env: { BENCH_SUMMARY_FILE: summaryFile },
    dataDir: path.dirname(summaryFile),
  });
}

let postgresServer: string | undefined;
const databases = new Set<string>();

/** Runs Pavilion on PostgreSQL from now on: one fresh database on the server of `url` for each data folder. */
export function usePostgres(url: string | undefined): void {
  postgresServer = url;
}

/**
 * The database that goes with a data folder, created on first use and named after the folder,
 * so that a restart on the same folder finds the same data; undefined on SQLite.
 */
export async function databaseUrlFor(dataDir: string): Promise<string | undefined> {
  if (!postgresServer) return undefined;
  const url = new URL(postgresServer);
  url.pathname = `/${path.basename(dataDir).replace(/-/g, '_')}`;
  await ensurePostgresDatabase(url.toString());
  databases.add(url.toString());
  return url.toString();
}

/** Drops the databases of this run, as `removeTempDirs` removes its folders. */
export async function dropBenchDatabases(): Promise<void> {
  for (const url of databases) {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  databases.clear();
}
