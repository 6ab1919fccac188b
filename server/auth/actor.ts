import type { Actor } from '../store/types.js';

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

export {};
