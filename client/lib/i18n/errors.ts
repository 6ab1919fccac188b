import type { z } from 'zod';
import type { Bilingual } from '../../../shared/amount.js';
import { fieldIssues, type FieldIssue } from '../../../shared/field-issues.js';
import { ApiError, NetworkError } from '../http.js';
import { bi } from './index.js';

/**
 * What went wrong, in both languages, from the error's stable code: the English wording of a
 * server message never decides what a page says.
 */
export function errorText(error: unknown): Bilingual {
  if (error instanceof NetworkError) return bi(error.timedOut ? 'error.timeout' : 'error.network');
  if (error instanceof ApiError) {
    if (error.code) return bi(`error.${error.code}`, { seconds: error.retryAfter ?? '?' });
    return bi('error.status', { status: error.status });
  }
  return bi('error.unknown');
}

export const fieldText = (issue: FieldIssue): Bilingual => bi(`field.${issue.code}`, issue.params);

/** The server's per-field codes, one bilingual message per field path. */
export function serverFieldTexts(error: unknown): Record<string, Bilingual> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(error.fieldCodes).map(([path, issue]) => [path, fieldText(issue)]));
}

/** The browser's own check with a shared schema, worded like the server's answer. */
export function issueTexts(issues: ReadonlyArray<z.core.$ZodIssue>): Record<string, Bilingual> {
  return Object.fromEntries(Object.entries(fieldIssues(issues, 'form')).map(([path, issue]) => [path, fieldText(issue)]));
}
