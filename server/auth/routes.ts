import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { loginSchema, tokenRequestSchema, type Me } from '../../shared/accounts.js';
import type { EventConfig } from '../../shared/event-config.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { Store, TokenRecord } from '../store/types.js';
import type { LoginLimits } from './login-guard.js';
import { checkCsrf, requirePermission, SESSION_COOKIE } from './middleware.js';
import { DUMMY_HASH, randomSecret, sha256, verifyPassword } from './secrets.js';

const SESSION_HOURS = 12;

/**
 * `now` is the app's clock: the login limits wait on it, so a test can hold time still. `limits`
 * are this instance's own, or shared through Redis by every instance.
 */
export function authRoutes(store: Store, event: EventConfig, now: () => Date, limits: LoginLimits): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const { username, password } = parseOrThrow(loginSchema, req.body);
    // req.ip is the client's address only as far as `trust proxy` (a hop count or the proxy's address) vouches for it.
    const address = req.ip ?? '';
    const waitMs = await limits.admit(address, username, now().getTime());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      throw new HttpError('rate_limited', `too many failed logins; try again in ${seconds} s`);
    }
    const user = await store.accounts.findUserByName(username);
    // Unknown and disabled names cost the same scrypt work as a wrong password: timing tells no names.
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) throw new HttpError('unauthenticated', 'wrong username or password');
    await limits.succeeded(address, username);
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now().getTime() + SESSION_HOURS * 3600_000);
    await store.accounts.createSession({ idHash: sha256(sessionId), userId: user.id, csrfToken, expiresAt: expiresAt.toISOString() });
    res.cookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      expires: expiresAt,
    });
    const me: Me = { username: user.username, role: user.role, csrfToken };
    res.json(me);
  });

  router.post('/auth/logout', async (req, res) => {
    // Like every cookie write: a cross-site form must not be able to log people out.
    checkCsrf(req);
    if (req.session) await store.accounts.deleteSession(req.session.idHash);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/auth/me', (req, res) => {
    if (!req.actor || !req.session) throw new HttpError('unauthenticated', 'not logged in');
    const me: Me = { username: req.actor.name, role: req.actor.role, csrfToken: req.session.csrfToken };
    res.json(me);
  });

  router.post('/tokens', requirePermission('token:manage'), async (req, res) => {
    const input = parseOrThrow(tokenRequestSchema, req.body);
    checkScope(event, input.venueId, input.gateIds);
    const token = randomSecret('pvl_');
    const record: TokenRecord = {
      id: randomUUID(),
      role: input.role,
      label: input.label,
      scope: {
        ...(input.venueId ? { venueId: input.venueId } : {}),
        ...(input.gateIds ? { gateIds: input.gateIds } : {}),
      },
      createdAt: now().toISOString(),
      createdBy: req.actor!.name,
      revokedAt: null,
    };
    await store.accounts.createToken(record, sha256(token));
    res.status(201).json({ token, ...record });
  });

  router.get('/tokens', requirePermission('token:manage'), async (_req, res) => {
    res.json({ items: await store.accounts.listTokens() });
  });

  router.delete('/tokens/:id', requirePermission('token:manage'), async (req, res: Response) => {
    const revoked = await store.accounts.revokeToken(String(req.params.id), now().toISOString());
    if (!revoked) throw new HttpError('not_found', 'no such active token');
    res.status(204).end();
  });

  return router;
}

function checkScope(event: EventConfig, venueId?: string, gateIds?: string[]): void {
  const venue = venueId === undefined ? undefined : event.venues.find((v) => v.id === venueId);
  if (venueId !== undefined && !venue) throw new HttpError('invalid_request', 'unknown venue', { venueId: 'unknown venue' });
  const known = new Set((venue ? [venue] : event.venues).flatMap((v) => v.gates.map((g) => g.id)));
  gateIds?.forEach((gate, i) => {
    if (!known.has(gate)) throw new HttpError('invalid_request', 'unknown gate', { [`gateIds.${i}`]: `unknown gate "${gate}"` });
  });
}
