import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../../shared/errors.js';
import { fieldIssues, type FieldIssue } from '../../shared/field-issues.js';
import { isStoreUnavailable, RETRY_AFTER_SECONDS } from '../store/unavailable.js';

/** An error a client caused or may see; anything else becomes a plain 500. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Stable codes for `fields`, so that clients word them in their own language. */
    readonly fieldCodes?: Record<string, FieldIssue>,
  ) {
    super(message);
  }
}

export function sendError(res: Response, code: ErrorCode, message: string, fields?: Record<string, string>, fieldCodes?: Record<string, FieldIssue>): void {
  const body: ErrorBody = { error: { code, message, ...(fields ? { fields } : {}), ...(fieldCodes ? { fieldCodes } : {}) } };
  res.status(ERROR_CODES[code]).json(body);
}

/** zod issues as `{ "field.path": "what is wrong" }`. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'unknown field';
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError('invalid_request', `invalid ${what}`, fieldsOf(result.error), fieldIssues(result.error.issues));
  return result.data;
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * The last middleware: every error leaves as a well-formed body, never a stack. The stack goes
 * to the log, on the request's own logger (with its id) where `requestLog` ran.
 */
export function errorHandler(appLog: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const log = (message: string) => (req.log ?? appLog).error({ err: error }, message);
    if (error instanceof HttpError) return sendError(res, error.code, error.message, error.fields, error.fieldCodes);
    const parserError = error as BodyParserError;
    switch (parserError.type) {
      case 'entity.too.large':
        return sendError(res, 'payload_too_large', 'request body too large');
      case 'entity.parse.failed':
        return sendError(res, 'invalid_json', 'request body is not valid JSON', { body: 'invalid JSON' });
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(res, 'unsupported_media_type', 'unsupported body encoding');
    }
    if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      return sendError(res, 'invalid_request', 'malformed request');
    }
    if (isStoreUnavailable(error)) {
      log('database unavailable');
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      return sendError(res, 'unavailable', 'the database is unavailable: nothing was changed; try again shortly');
    }
    log('unhandled error');
    sendError(res, 'internal', 'internal error');
  };
}
