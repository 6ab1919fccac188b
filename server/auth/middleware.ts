import { parse as parseCookies } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { can, type Permission } from '../../shared/roles.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/types.js';
import type { Actor } from './actor.js';
import './actor.js';
import { sha256 } from './secrets.js';

export const SESSION_COOKIE = 'pavilion_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves a bearer token or session cookie to `req.actor`. Bad credentials are a 401. */
export function authenticate(store: Store, now: () => Date): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      req.actor = await actorFromToken(store, header);
      return next();
    }
    const sessionId = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (sessionId) await attachSession(store, req, sessionId, now());
    next();
  };
}

async function actorFromToken(store: Store, header: string): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError('unauthenticated', 'Authorization must be "Bearer <token>"');
  const token = await store.accounts.findToken(sha256(match[1]!));
  if (!token || token.revokedAt) throw new HttpError('unauthenticated', 'unknown or revoked token');
  return { kind: 'token', id: token.id, name: token.label, role: token.role, scope: token.scope };
}

async function attachSession(store: Store, req: Request, sessionId: string, at: Date): Promise<void> {
  const found = await sessionActor(store, sessionId, at);
  if (!found) return;
  req.actor = found.actor;
  req.session = found.session;
}

async function sessionActor(store: Store, sessionId: string, at: Date): Promise<{ actor: Actor; session: NonNullable<Request['session']> } | undefined> {
  const idHash = sha256(sessionId);
  const session = await store.accounts.findSession(idHash);
  // An expired or unknown cookie is treated as no login; the client is sent to /login.
  if (!session || session.expiresAt < at.toISOString()) return undefined;
  const user = await store.accounts.findUser(session.userId);
  if (!user) return undefined;
  return { actor: { kind: 'user', id: user.id, name: user.username, role: user.role }, session: { idHash, csrfToken: session.csrfToken } };
}

/**
 * Who opened a socket: a bearer token in the handshake's `auth.token` or Authorization
 * header, or the session cookie a browser sends with the upgrade. Undefined when none is valid.
 */
export async function socketActor(
  store: Store,
  handshake: { headers: { authorization?: string; cookie?: string }; auth: Record<string, unknown> },
  at: Date,
): Promise<Actor | undefined> {
  const token = handshake.auth['token'];
  const header = typeof token === 'string' ? `Bearer ${token}` : handshake.headers.authorization;
  if (header !== undefined) return actorFromToken(store, header).catch(() => undefined);
  const sessionId = parseCookies(handshake.headers.cookie ?? '')[SESSION_COOKIE];
  return sessionId ? (await sessionActor(store, sessionId, at))?.actor : undefined;
}

/**
 * Allows the request only for roles the permission table lists. Cookie-authenticated writes
 * must also carry the session's CSRF token in a header a cross-site form cannot set.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.actor) throw new HttpError('unauthenticated', 'log in or send a bearer token');
    if (!can(req.actor.role, permission)) throw new HttpError('forbidden', `role ${req.actor.role} may not ${permission}`);
    checkCsrf(req);
    next();
  };
}

export function checkCsrf(req: Request): void {
  if (!req.session || SAFE_METHODS.has(req.method)) return;
  if (req.get(CSRF_HEADER) !== req.session.csrfToken) {
    throw new HttpError('csrf_failed', `missing or wrong ${CSRF_HEADER} header`);
  }
}
