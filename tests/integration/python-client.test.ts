import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, postSigning, sampleSigning, startServer, type TestServer } from '../support/server.js';

/**
 * A real non-JavaScript Socket.IO client against /live: Debian's python3-socketio (installed
 * by .ci/run), with one-argument handlers as its documentation shows them. Broadcast events
 * must carry exactly the contract's argument, which a recovery offset would break.
 */
const CLIENT = path.join(import.meta.dirname, 'python/live_client.py');
// Debian's interpreter, where python3-socketio is installed, whatever python3 is first on PATH.
const PYTHON = '/usr/bin/python3';

interface Line {
  event: string;
  seq: number;
  id?: string;
  count?: number;
}

let server: TestServer;
let python: ChildProcess;
let stderr = '';
const lines: Line[] = [];
const waiters: Array<() => void> = [];

function next(predicate: (line: Line) => boolean, what: string): Promise<Line> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`python client: no ${what}; stderr: ${stderr}`)), 10_000);
    const check = () => {
      const found = lines.find(predicate);
      if (!found) return false;
      clearTimeout(timer);
      resolve(found);
      return true;
    };
    if (!check()) waiters.push(() => void check());
  });
}

beforeAll(async () => {
  server = await startServer();
  python = spawn(PYTHON, [CLIENT, server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  python.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: python.stdout! }).on('line', (text) => {
    lines.push(JSON.parse(text) as Line);
    waiters.splice(0).forEach((w) => w());
  });
});

afterAll(async () => {
  python?.kill('SIGKILL');
  await server?.close();
});

describe('python-socketio on /live', () => {
  it('receives the snapshot and each signing with handlers of one argument', async () => {
    const snapshot = await next((l) => l.event === 'snapshot', 'snapshot');
    expect(snapshot.count).toBe(0);
    const staff = await issueToken(server.url, 'staff');
    for (let i = 0; i < 3; i++) {
      const { body } = await postSigning(server.url, staff, sampleSigning({ title: `Python ${i}` }));
      const heard = await next((l) => l.event === 'signing:created' && l.seq === body.seq, `signing:created ${body.seq}`);
      expect(heard.id).toBe(body.signing.id);
    }
    expect(stderr).not.toMatch(/Traceback|TypeError/);
  });
});
