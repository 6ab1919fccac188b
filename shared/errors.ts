import type { FieldIssue } from './field-issues.js';

/**
 * The error body every API failure uses. `code` comes from this closed list so that
 * clients can translate it; `fields` maps a field path to what is wrong with it.
 */
export const ERROR_CODES = {
  invalid_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  /** The signing changed since the client read it: reload and edit again. */
  version_conflict: 409,
  /** The thing to create exists already (a username, an imported file). */
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  unknown_gate: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
    /** The same fields as stable codes, for clients to word in their own language. */
    fieldCodes?: Record<string, FieldIssue>;
  };
}
