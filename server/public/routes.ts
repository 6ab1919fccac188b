import { Router, type Request, type Response } from 'express';
import type { EventConfig } from '../../shared/event-config.js';
import { PUBLIC_EVENT_CACHE, PUBLIC_SUMMARY_CACHE } from '../../shared/public.js';
import type { LiveHub } from '../live/hub.js';
import { cacheControl, sharedCache, type CacheLifetime } from './cache.js';
import { bodyOf, matches, publicEvent, PublicSummaryCache, type PublicBody } from './summary.js';

/** How long a browser may reuse a CORS preflight: one a day per viewer, not one per poll. */
const PREFLIGHT_MAX_AGE_S = 86_400;

/** Lifetimes of the other anonymous reads (docs/API.md, "Caching"). */
export const SUMMARY_CACHE: CacheLifetime = PUBLIC_SUMMARY_CACHE;
export const EVENT_CACHE: CacheLifetime = { maxAgeS: 60, staleWhileRevalidateS: 60 };
export const SIGNINGS_CACHE: CacheLifetime = { maxAgeS: 2, staleWhileRevalidateS: 2 };

/**
 * `/api/v1/public/*`: the same bytes for everyone, readable from any site (fetch, embeds,
 * data portals) and by any shared cache. No credentials are read here, so none can leak in.
 */
export function publicRoutes(hub: LiveHub, event: EventConfig): Router {
  const router = Router();
  const summary = new PublicSummaryCache(() => hub.snapshot(), event);
  // The event can be edited while running; every edit moves seq, so the body is rebuilt at most once per seq.
  let eventBody = { seq: -1, body: bodyOf(null) };
  const currentEvent = () => {
    if (eventBody.seq !== hub.seq) eventBody = { seq: hub.seq, body: bodyOf(publicEvent(event)) };
    return eventBody.body;
  };

  router.use('/public', (req, res, next) => {
    res.set({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'ETag',
      // helmet's default is same-origin, which stops other sites' pages from reading these.
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (req.method !== 'OPTIONS') return next();
    // If-None-Match is not a CORS-safelisted header: a page that sends it asks first.
    res.set({
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S),
    });
    res.status(204).end();
  });
  router.get('/public/summary', (req, res) => {
    send(req, res, summary.current(hub.seq, hub.summary.attendance?.day), cacheControl(PUBLIC_SUMMARY_CACHE));
  });
  router.get('/public/event', (req, res) => send(req, res, currentEvent(), cacheControl(PUBLIC_EVENT_CACHE)));

  // The screens' own reads answer the same to everyone, or differ only for staff.
  router.get('/summary', sharedCache(SUMMARY_CACHE));
  router.get('/event', sharedCache(EVENT_CACHE));
  router.get('/signings', sharedCache(SIGNINGS_CACHE, true));
  router.get('/signings/:id', sharedCache(SIGNINGS_CACHE, true));
  return router;
}

function send(req: Request, res: Response, body: PublicBody, cache: string): void {
  res.set({ 'Cache-Control': cache, ETag: body.etag });
  if (matches(req.get('If-None-Match'), body.etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(body.json);
}
