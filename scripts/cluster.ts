/**
 * Starts N Pavilion instances on ports 3001.. against local PostgreSQL and Redis, to try
 * the scale-out set-up on one machine: `npm run cluster -- 3`. Put nginx in front
 * (docs/DEPLOYMENT.md) or open the instances' ports directly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '../server/config/env.js';
import { ensurePostgresDatabase } from '../server/store/postgres/database.js';

const env = parseEnv();
const count = process.argv[2] === undefined ? env.PAVILION_INSTANCES : Number(process.argv[2]);
const firstPort = env.PAVILION_FIRST_PORT;
const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pavilion_cluster';
const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const main = fileURLToPath(new URL('../server/main.js', import.meta.url));

function prefixLines(child: ChildProcess, label: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) console.log(`${label} ${line}`);
    });
  }
}

async function run(): Promise<void> {
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new Error('instance count must be 1-32');
  await ensurePostgresDatabase(databaseUrl);
  console.log(`Starting ${count} instances on ${databaseUrl} and ${redisUrl}`);
  // All at once, on purpose: migrations and the first admin must cope with a simultaneous start.
  const children = Array.from({ length: count }, (_, i) => {
    const port = firstPort + i;
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: env.HOST ?? '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        // One metrics port each, counting up like the HTTP ports.
        ...(env.PAVILION_METRICS_PORT === undefined ? {} : { PAVILION_METRICS_PORT: String(env.PAVILION_METRICS_PORT + i) }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(child, `[${port}]`);
    return child;
  });
  const exited = children.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  const stop = () => children.forEach((child) => child.kill('SIGTERM'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await Promise.all(exited);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
