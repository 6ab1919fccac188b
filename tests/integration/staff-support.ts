import { LiveEvents, type SigningBatchMessage, type SigningChangeType, type SigningMessage } from '../../shared/live.js';
import type { PublicSigning } from '../../shared/signing.js';
import type { Summary } from '../../shared/summary.js';
import { login, type LiveClient } from '../support/server.js';

export const STAFF_PASSWORD = 'staff-password-123';

/** A person logged in with a cookie; `call` sends the CSRF header as the browser does. */
export interface Session {
  username: string;
  /** `raw` is sent as it is (a CSV file), otherwise `body` as JSON. `body` is `any`: tests read many shapes. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>, raw?: string): Promise<{ status: number; body: any; headers: Headers }>;
}

// any: tests read many response shapes and assert on them field by field.
async function send(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown, raw?: string) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: text && json ? (JSON.parse(text) as any) : text || null, headers: res.headers };
}

export async function sessionOf(url: string, username = 'admin', password?: string): Promise<Session> {
  const s = password ? await login(url, username, password) : await login(url);
  if (s.res.status !== 200) throw new Error(`login ${username}: ${s.res.status}`);
  return {
    username,
    call: (method, path, body, headers = {}, raw) =>
      send(url, method, path, { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers }, body, raw),
  };
}

/** Creates a user through the admin API and logs them in. */
export async function userSession(url: string, role: 'admin' | 'organizer' | 'staff', username = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
  const admin = await sessionOf(url);
  const created = await admin.call('POST', '/api/v1/users', { username, password: STAFF_PASSWORD, role });
  if (created.status !== 201) throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  return sessionOf(url, username, STAFF_PASSWORD);
}

let n = 0;
export const nextKey = () => `staff-test-${process.pid}-${++n}`;

/**
 * The next frame carrying a change of `type`: alone as its own event, or inside a
 * `signing:batch` when it fell in the same frame as another change.
 */
export function frameWith(client: LiveClient, type: SigningChangeType, ms = 5000): Promise<{ seq: number; summary: Summary; signing: PublicSigning }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${type}`)), ms);
    const single = (m: SigningMessage) => done(undefined, m);
    const batch = (m: SigningBatchMessage) => {
      const change = m.changes.findLast((c) => c.type === type);
      if (change) done(undefined, { seq: m.seq, summary: m.summary, signing: change.signing });
    };
    function done(error?: Error, value?: { seq: number; summary: Summary; signing: PublicSigning }) {
      clearTimeout(timer);
      client.off(type, single);
      client.off(LiveEvents.signingBatch, batch);
      if (error) reject(error);
      else resolve(value!);
    }
    client.on(type, single);
    client.on(LiveEvents.signingBatch, batch);
  });
}
