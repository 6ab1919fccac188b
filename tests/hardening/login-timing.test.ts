import { describe, expect, it, vi } from 'vitest';
import * as secrets from '../../server/auth/secrets.js';
import { sessionOf } from '../integration/staff-support.js';
import { ADMIN_PASSWORD, login, startServer } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

// The real scrypt, watched: an unknown or disabled name must cost a login the same work.
vi.mock('../../server/auth/secrets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/auth/secrets.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const verify = vi.mocked(secrets.verifyPassword);

const closing = closeAfterEach(async () => {
  verify.mockClear();
});

const params = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe('login timing tells no usernames', () => {
  it('a dummy hash carries the parameters of a real one', async () => {
    const real = await secrets.hashPassword('some password');
    expect(params(secrets.DUMMY_HASH)).toBe(params(real));
    expect(secrets.DUMMY_HASH.split('$')[5]!.length).toBe(real.split('$')[5]!.length);
    expect(await secrets.verifyPassword('', secrets.DUMMY_HASH)).toBe(false);
  });

  it('runs scrypt for an unknown name and for a disabled user, as for a wrong password', async () => {
    const server = closing(await startServer());
    const admin = await sessionOf(server.url);
    const created = await admin.call('POST', '/api/v1/users', { username: 'gone', password: 'gone-password-1', role: 'staff' });
    const { user } = created.body as { user: { id: string } };
    await admin.call('PATCH', `/api/v1/users/${user.id}`, { disabled: true });
    verify.mockClear();

    for (const [username, password] of [['admin', 'wrong-password'], ['nobody-by-this-name', 'wrong-password'], ['gone', 'gone-password-1']] as const) {
      expect((await login(server.url, username, password)).res.status).toBe(401);
    }
    expect(verify).toHaveBeenCalledTimes(3);
    const [, unknownHash] = verify.mock.calls[1]!;
    const [, disabledHash] = verify.mock.calls[2]!;
    expect(unknownHash).toBe(secrets.DUMMY_HASH);
    expect(disabledHash).toBe(secrets.DUMMY_HASH);
    expect((await login(server.url, 'admin', ADMIN_PASSWORD)).res.status).toBe(200);
  });
});
