import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // Express's own extension point for per-request data.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** This request's id: the caller's `X-Request-Id` when well formed, otherwise a new one. */
      id: string;
      /** The app's logger with `reqId` on every line, so one request's lines can be found together. */
      log: Logger;
    }
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Ids a proxy or client may choose: what load balancers and tracing send (UUIDs, hex, dots,
 * dashes). Anything else is replaced rather than logged, so a header cannot forge log lines.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(header: string | undefined): string {
  return header !== undefined && ACCEPTED_ID.test(header) ? header : randomUUID();
}

/**
 * Gives each request its id (echoed in `X-Request-Id`) and a child logger carrying it, and
 * logs one line when the answer is sent. API calls log at info; the client's files and the
 * probes, asked every few seconds by load balancers, at debug.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    req.id = requestId(req.get(REQUEST_ID_HEADER));
    req.log = log.child({ reqId: req.id });
    res.setHeader(REQUEST_ID_HEADER, req.id);
    const started = performance.now();
    res.on('finish', () => {
      const path = req.originalUrl.split('?')[0];
      const level = path?.startsWith('/api/') ? 'info' : 'debug';
      req.log[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    next();
  };
}
