import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { ErrorBody } from '../../shared/errors.js';
import { startServer, tempDir, type TestServer } from '../support/server.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  path?: string;
  status?: number;
  err?: { message: string };
}

/** A real pino logger writing JSON lines into an array. */
function capturingLog() {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  return { lines, log: pino({ level: 'debug' }, stream) };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids and logs', () => {
  it('honours a well-formed X-Request-Id, answers with it and logs the request under it', async () => {
    const { lines, log } = capturingLog();
    server = await startServer({ log });
    const res = await fetch(`${server.url}/api/v1/health`, { headers: { 'X-Request-Id': 'lb-7f3a.42' } });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.42');
    await expect.poll(() => lines.find((l) => l.reqId === 'lb-7f3a.42')).toMatchObject({ msg: 'request', path: '/api/v1/health', status: 200, level: 30 });
  });

  it('makes a new id when none or a malformed one is sent, a different one per request', async () => {
    const { log } = capturingLog();
    server = await startServer({ log });
    const a = (await fetch(`${server.url}/api/v1/health`)).headers.get('x-request-id');
    const b = (await fetch(`${server.url}/api/v1/health`, { headers: { 'X-Request-Id': 'forged" level=error <x>' } })).headers.get('x-request-id');
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('ties an error and the request line together with the same id', async () => {
    const { lines, log } = capturingLog();
    const real = openSqliteStore(tempDir());
    const accounts = new Proxy(real.accounts, {
      get: (target, key) => (key === 'findUserByName' ? () => Promise.reject(new Error('disk on fire')) : Reflect.get(target, key)),
    });
    const store = new Proxy(real, { get: (target, key) => (key === 'accounts' ? accounts : Reflect.get(target, key)) });
    server = await startServer({ log, store });
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Request-Id': 'req-500' },
      body: JSON.stringify({ username: 'admin', password: 'whatever-it-is' }),
    });
    expect(res.status).toBe(500);
    await expect.poll(() => lines.filter((l) => l.reqId === 'req-500').map((l) => l.msg)).toEqual(['unhandled error', 'request']);
    const error = lines.find((l) => l.msg === 'unhandled error')!;
    expect(error.level).toBe(50);
    expect(error.err?.message).toBe('disk on fire');
    // The caller still sees no stack and no exception text.
    expect(JSON.stringify(await res.json())).not.toContain('disk on fire');
  });
});

describe('field codes in error bodies', () => {
  it('sends a stable code beside each English field message', async () => {
    server = await startServer();
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: '', password: 'x', extra: true }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.fields).toMatchObject({ username: 'required' });
    expect(body.error.fieldCodes).toEqual({ username: { code: 'required' }, extra: { code: 'unknown_field' } });
  });
});
