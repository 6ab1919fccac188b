import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { userRequestSchema } from '../../shared/accounts.js';
import { requirePermission } from '../auth/middleware.js';
import { hashPassword } from '../auth/secrets.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { Store, User } from '../store/types.js';
import { changePassword } from './password.js';

const userChange = z
  .object({
    role: userRequestSchema.shape.role.optional(),
    password: userRequestSchema.shape.password.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** What the API shows of a user: never the password hash. */
export const publicUser = (u: User) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt ?? null,
});

/** Admins add people, change their role or password, and disable them. */
export function userRoutes(store: Store, now: () => Date): Router {
  const router = Router();

  router.get('/users', requirePermission('user:manage'), async (_req, res) => {
    res.json({ items: (await store.accounts.listUsers()).map(publicUser) });
  });

  router.post('/users', requirePermission('user:manage'), async (req, res) => {
    const input = parseOrThrow(userRequestSchema, req.body);
    const users = await store.accounts.listUsers();
    if (users.some((u) => u.username.toLowerCase() === input.username.toLowerCase())) {
      throw new HttpError('conflict', 'that username is taken', { username: 'taken' });
    }
    const user: User = {
      id: randomUUID(),
      username: input.username,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      createdAt: now().toISOString(),
      disabledAt: null,
    };
    await store.accounts.createUser(user);
    res.status(201).json({ user: publicUser(user) });
  });

  router.patch('/users/:id', requirePermission('user:manage'), async (req, res) => {
    const change = parseOrThrow(userChange, req.body);
    const id = String(req.params.id);
    // An admin who locks themselves out leaves nobody to undo it.
    if (id === req.actor!.id && (change.disabled || (change.role && change.role !== 'admin'))) {
      throw new HttpError('invalid_request', 'you cannot disable or demote yourself', { [change.disabled ? 'disabled' : 'role']: 'not for yourself' });
    }
    const ok = await store.accounts.updateUser(id, {
      role: change.role,
      disabledAt: change.disabled === undefined ? undefined : change.disabled ? now().toISOString() : null,
    });
    if (!ok) throw new HttpError('not_found', 'no such user');
    if (change.password !== undefined) await changePassword(store, id, change.password, req.session?.idHash);
    const user = (await store.accounts.listUsers()).find((u) => u.id === id)!;
    res.json({ user: publicUser(user) });
  });

  return router;
}
