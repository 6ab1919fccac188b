import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config/paths.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';
import { freePort } from '../support/nginx.js';

let server: ServerProcess | undefined;

afterEach(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  server = undefined;
});

/** The production build with `env`, expected to refuse to start: its exit code and output. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/server/main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PAVILION_DATA_DIR: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('node dist/server/main.js (after npm run build)', () => {
  it('starts with PAVILION_TRUST_PROXY=false and serves metrics on PAVILION_METRICS_PORT, on 127.0.0.1 only', async () => {
    const metricsPort = await freePort();
    server = await startServerProcess({ PAVILION_DATA_DIR: tempDir(), PAVILION_TRUST_PROXY: 'false', PAVILION_METRICS_PORT: String(metricsPort) });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // The public port answers /metrics with the client's page at most, never the figures.
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(/pavilion_/);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^pavilion_process_cpu_user_seconds_total /m);
    expect(server.output()).toContain(`http://127.0.0.1:${metricsPort}/metrics`);
  });

  it('refuses to start on a bad value, naming the variable', async () => {
    const { code, output } = await refusedStart({ PAVILION_TRUST_PROXY: 'true', PAVILION_METRICS_PORT: 'ninety' });
    expect(code).toBe(1);
    expect(output).toMatch(/^Pavilion cannot start: invalid environment:/m);
    expect(output).toMatch(/PAVILION_TRUST_PROXY \(is "true"\): .*number of proxies/);
    expect(output).toMatch(/PAVILION_METRICS_PORT \(is "ninety"\): must be a port number/);
  });
});
