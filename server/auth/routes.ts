import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { loginSchema, tokenRequestSchema, type Me } from '../../shared/accounts.js';
import type { EventConfig } from '../../shared/event-config.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { Store, TokenRecord } from '../store/types.js';
import { requirePermission, SESSION_COOKIE } from './middleware.js';
import { AttemptLimiter } from './rate-limit.js';
import { randomSecret, sha256, verifyPassword } from './secrets.js';

const SESSION_HOURS = 12;

export function authRoutes(store: Store, event: EventConfig): Router {
  const router = Router();
  // Ten tries per address and name in 15 minutes.
  const limiter = new AttemptLimiter(10, 15 * 60_000);

  router.post('/auth/login', async (req, res) => {
    const { username, password } = parseOrThrow(loginSchema, req.body);
    const key = `${req.ip}|${username.toLowerCase()}`;
    if (!limiter.tryAttempt(key)) throw new HttpError('rate_limited', 'too many login attempts; wait 15 minutes');
    const user = await store.accounts.findUserByName(username);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new HttpError('unauthenticated', 'wrong username or password');
    }
    limiter.reset(key);
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
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
      createdAt: new Date().toISOString(),
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
    const revoked = await store.accounts.revokeToken(String(req.params.id), new Date().toISOString());
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
