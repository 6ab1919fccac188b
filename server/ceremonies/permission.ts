import type { RequestHandler } from 'express';
import { can } from '../../shared/roles.js';
import { checkCsrf } from '../auth/middleware.js';
import { HttpError } from '../http/errors.js';
import type { Store } from '../store/types.js';

/**
 * `ceremony:run`: admins and organizers always; a staff member when an admin made them an
 * operator (`PUT /ceremonies/operators/:userId`). The grant is per person, so a staff token,
 * shared on a desk, never carries it.
 */
export function requireCeremonyRun(store: Store): RequestHandler {
  return async (req, _res, next) => {
    const actor = req.actor;
    if (!actor) throw new HttpError('unauthenticated', 'log in or send a bearer token');
    const granted = actor.role === 'staff' && actor.kind === 'user' && (await store.ceremonies.isOperator(actor.id));
    if (!can(actor.role, 'ceremony:run') && !granted) throw new HttpError('forbidden', `role ${actor.role} may not ceremony:run`);
    checkCsrf(req);
    next();
  };
}
