import type { Request, RequestHandler, Response } from 'express';

export const NO_STORE = 'private, no-store';

export interface CacheLifetime {
  maxAgeS: number;
  staleWhileRevalidateS: number;
}

export const cacheControl = ({ maxAgeS, staleWhileRevalidateS }: CacheLifetime) =>
  `public, max-age=${maxAgeS}, stale-while-revalidate=${staleWhileRevalidateS}`;

/** A request that names someone: its answer may hold what only they may see. */
export const isAuthenticated = (req: Request) => req.actor !== undefined || req.headers.authorization !== undefined;

/**
 * The API's default: nothing is stored by a browser or a shared cache. Routes that serve the
 * same bytes to everyone opt in with `sharedCache`, and never for an authenticated caller.
 */
export function privateByDefault(): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', NO_STORE);
    next();
  };
}

/**
 * Anonymous reads of pages that differ for staff (the signings list shows them drafts) may be
 * cached, keyed also on the credentials a cache could otherwise mix up.
 */
export function sharedCache(lifetime: CacheLifetime, varies = false): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') allowSharedCache(req, res, lifetime, varies);
    next();
  };
}

export function allowSharedCache(req: Request, res: Response, lifetime: CacheLifetime, varies = false): void {
  if (varies) res.vary('Authorization').vary('Cookie');
  if (isAuthenticated(req)) return;
  res.set('Cache-Control', cacheControl(lifetime));
  // Errors are not the page: a 404 or a 503 must not be served from a cache for seconds.
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (this.statusCode >= 400 || (typeof args[0] === 'number' && args[0] >= 400)) this.setHeader('Cache-Control', NO_STORE);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}
