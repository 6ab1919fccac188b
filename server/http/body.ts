import express, { type RequestHandler } from 'express';
import { sendError } from './errors.js';

/**
 * JSON bodies only: a write with any other content type is refused with 415 rather than
 * being read as an empty body.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      return sendError(res, 'unsupported_media_type', 'send the body as application/json', {
        'content-type': 'must be application/json',
      });
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: false })];
}
