import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/server.js';

/**
 * Keeps `npm run bench` working: its smoke mode with tiny sizes against the built server
 * (`npm test` builds first). Figures are not asserted; only that it completes and that every
 * signing reached every screen.
 */
const RUN = path.resolve('dist/bench/run.js');

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

interface Delivery {
  delivery: { deliveredFraction: number };
}

function readResult<T>(dir: string, scenario: string): T {
  const file = fs.readdirSync(dir).find((f) => f.endsWith(`-${scenario}.json`));
  if (!file) throw new Error(`no ${scenario} result in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;
}

/** Runs every scenario in smoke mode: those of `--scenario all`, and the soak. */
async function smoke(out: string): Promise<void> {
  const { code, output } = await runBench(['--smoke', '--scenario', 'screens,ingest,attendance,start,soak', '--out', out]);
  expect(code, output).toBe(0);
  const screens = readResult<{ phases: { steps: Array<{ pavilion: Delivery; bare: Delivery }> } }>(out, 'screens');
  for (const step of screens.phases.steps) {
    expect(step.pavilion.delivery.deliveredFraction).toBe(1);
    expect(step.bare.delivery.deliveredFraction).toBe(1);
  }
  const ingest = readResult<{ phases: { pavilion: Delivery } }>(out, 'ingest');
  expect(ingest.phases.pavilion.delivery.deliveredFraction).toBe(1);
  const start = readResult<{ phases: { exact: boolean } }>(out, 'start');
  expect(start.phases.exact).toBe(true);
  const soak = readResult<{ phases: Delivery & { storm: { backInSeconds?: number } } }>(out, 'soak');
  expect(soak.phases.delivery.deliveredFraction).toBe(1);
  expect(soak.phases.storm.backInSeconds).toBeGreaterThan(0);
}

describe('npm run bench --smoke', () => {
  it('completes and delivers every signing to every screen', async () => {
    const out = tempDir('pavilion-bench-smoke-');
    try {
      await smoke(out);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
