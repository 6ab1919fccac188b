import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { ConfigError } from '../../server/config/event-file.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { ADMIN_PASSWORD, defaultEvent, login, silentLog, startServer, tempDir, type TestServer, systemClock } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Whether this cookie still identifies a logged-in person. */
async function stillLoggedIn(url: string, cookie: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status === 200;
}

async function send(url: string, method: string, path: string, who: { cookie: string; csrfToken: string }, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.text()) || null };
}

describe('sessions', () => {
  it('logout needs the CSRF header like every other cookie write', async () => {
    server = await startServer();
    const admin = await login(server.url);
    const forged = await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: admin.cookie } });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    expect(await stillLoggedIn(server.url, admin.cookie)).toBe(true);

    expect((await send(server.url, 'POST', '/api/v1/auth/logout', admin)).status).toBe(204);
    expect(await stillLoggedIn(server.url, admin.cookie)).toBe(false);
  });

  it('an admin changing their own password ends their other sessions and keeps the one that changed it', async () => {
    server = await startServer();
    const here = await login(server.url);
    const elsewhere = await login(server.url);
    const me = (await (await fetch(`${server.url}/api/v1/users`, { headers: { cookie: here.cookie } })).json()) as { items: Array<{ id: string; username: string }> };
    const adminId = me.items.find((u) => u.username === 'admin')!.id;
    expect((await send(server.url, 'PATCH', `/api/v1/users/${adminId}`, here, { password: 'a-new-admin-password' })).status).toBe(200);
    expect(await stillLoggedIn(server.url, here.cookie)).toBe(true);
    expect(await stillLoggedIn(server.url, elsewhere.cookie)).toBe(false);
    expect((await login(server.url, 'admin', 'a-new-admin-password')).res.status).toBe(200);
  });

  it("an admin changing someone's password ends all of that person's sessions, and a role change alone ends none", async () => {
    server = await startServer();
    const admin = await login(server.url);
    const created = await send(server.url, 'POST', '/api/v1/users', admin, { username: 'desk1', password: 'desk1-password', role: 'staff' });
    const id = (JSON.parse(created.body!) as { user: { id: string } }).user.id;
    const desk = await login(server.url, 'desk1', 'desk1-password');
    expect((await send(server.url, 'PATCH', `/api/v1/users/${id}`, admin, { role: 'organizer' })).status).toBe(200);
    expect(await stillLoggedIn(server.url, desk.cookie)).toBe(true);
    expect((await send(server.url, 'PATCH', `/api/v1/users/${id}`, admin, { password: 'desk1-password-2' })).status).toBe(200);
    expect(await stillLoggedIn(server.url, desk.cookie)).toBe(false);
    expect(await stillLoggedIn(server.url, admin.cookie)).toBe(true);
  });
});

describe('PAVILION_ADMIN_PASSWORD', () => {
  it('a weak one stops the start with a message naming the variable', async () => {
    const start = createApp({ store: openSqliteStore(tempDir()), event: defaultEvent(), adminPassword: 'admin', log: silentLog, now: systemClock });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/PAVILION_ADMIN_PASSWORD.*at least 10 characters/);
  });

  it('the one the tests use obeys the rule', async () => {
    server = await startServer();
    expect((await login(server.url, 'admin', ADMIN_PASSWORD)).res.status).toBe(200);
  });
});
