import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_POLICY, USERNAME_POLICY } from '../../server/auth/login-guard.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
let proxy: { url: string; close(): Promise<void> } | undefined;
afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = server = undefined;
});

/** A clock that stands still until the test moves it, so no wait runs out while scrypt works on a loaded machine. */
function stillClock() {
  let t = Date.now();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/**
 * One reverse proxy hop, as nginx with `X-Forwarded-For $proxy_add_x_forwarded_for`: it keeps
 * whatever X-Forwarded-For the client sent and appends the address the client really came from.
 */
async function appendingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const hop = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(target + req.url, { method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwarded }, agent: false }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(hop.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      hop.closeAllConnections();
      hop.close(() => resolve());
    }),
  };
}

async function tryLogin(url: string, username: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

describe('login limits', () => {
  it('behind one proxy hop (trustProxy 1), a fresh X-Forwarded-For per guess does not escape the address limit', async () => {
    const clock = stillClock();
    server = await startServer({ trustProxy: 1, now: clock.now });
    proxy = await appendingProxy(server.url);
    // Password spraying: a new name on every guess, so only the address limit can stop it.
    const spray = (i: number) => tryLogin(proxy!.url, `guess-${i}`, 'wrong-password', `198.51.100.${i % 250}`);
    for (let i = 0; i < ADDRESS_POLICY.freeFailures + 1; i++) expect((await spray(i)).status).toBe(401);
    const limited = await spray(999);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('limits guesses at one username from ever new addresses', async () => {
    const clock = stillClock();
    // Without a proxy in front, trustProxy 1 lets the caller choose its address: the worst case.
    server = await startServer({ trustProxy: 1, now: clock.now });
    const fromAddress = (i: number, password = 'wrong-password', username = 'admin') => tryLogin(server!.url, username, password, `203.0.113.${i}`);
    for (let i = 0; i < USERNAME_POLICY.freeFailures + 1; i++) expect((await fromAddress(i)).status).toBe(401);
    const limited = await fromAddress(100, ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe(String(USERNAME_POLICY.baseDelayMs / 1000));
    // Another name is not held up by it.
    expect((await fromAddress(101, 'wrong-password', 'somebody')).status).toBe(401);
  });

  it('slows with a growing wait instead of locking out, and lets the right password in once the wait is over', async () => {
    const clock = stillClock();
    server = await startServer({ now: clock.now });
    for (let i = 0; i < USERNAME_POLICY.freeFailures; i++) expect((await tryLogin(server.url, 'admin', 'wrong-password')).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect((await tryLogin(server.url, 'admin', 'wrong-password')).status).toBe(401);
      const limited = await tryLogin(server.url, 'admin', ADMIN_PASSWORD);
      expect(limited.status).toBe(429);
      waits.push(Number(limited.retryAfter));
      clock.advance(Number(limited.retryAfter) * 1000);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    expect((await tryLogin(server.url, 'admin', ADMIN_PASSWORD)).status).toBe(200);
    // The right password starts the name afresh.
    expect((await tryLogin(server.url, 'admin', 'wrong-password')).status).toBe(401);
    expect((await tryLogin(server.url, 'admin', ADMIN_PASSWORD)).status).toBe(200);
  });
});
