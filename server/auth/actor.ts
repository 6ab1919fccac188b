import type { Role } from '../../shared/roles.js';

/** Who made a change: a person logged in, or a token. */
export interface Actor {
  kind: 'user' | 'token';
  id: string;
  /** Username or token label, for the audit trail. */
  name: string;
  role: Role;
  /** A token's scope (venue, gates, screen). */
  scope?: TokenScope;
}

export interface TokenScope {
  venueId?: string;
  gateIds?: string[];
}

declare global {
  // Express's own extension point for per-request data.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who is calling, once `authenticate` has run; absent for anonymous callers. */
      actor?: Actor;
      /** Set when the caller authenticated with the session cookie (CSRF applies). */
      session?: { idHash: string; csrfToken: string };
    }
  }
}

