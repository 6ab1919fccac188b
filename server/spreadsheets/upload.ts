import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { authenticate } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { Store } from '../store/types.js';
import { SPREADSHEET_TYPES, type Table } from './read-table.js';

/**
 * What an import route runs before its handler. The file is the body, so the route is mounted
 * ahead of the API's JSON parser: it reads the raw body itself, up to `limit`, and authenticates
 * the caller itself before `allowed` decides whether the caller may import.
 */
export function spreadsheetUpload(limit: string, { store, now }: { store: Store; now: () => Date }, allowed: RequestHandler): RequestHandler[] {
  return [express.raw({ type: SPREADSHEET_TYPES, limit }), authenticate(store, now), allowed];
}

const uploadQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

/**
 * The spreadsheet an import route was sent as its raw body, and whether the caller asked for a
 * dry run (`?dryRun=true`: report what the file would do, change nothing).
 */
export function uploadedFile(req: Request): { dryRun: boolean; file: Buffer } {
  const { dryRun } = parseOrThrow(uploadQuery, req.query, 'query');
  if (!Buffer.isBuffer(req.body)) {
    throw new HttpError('unsupported_media_type', 'send the file as text/csv or an XLSX workbook', { 'content-type': 'must be text/csv or XLSX' });
  }
  return { dryRun: dryRun === 'true', file: req.body };
}

/** How the file was read, as every import's answer reports it. */
export const tableSource = (table: Table) => ({ format: table.format, ...(table.encoding ? { encoding: table.encoding } : {}) });

/**
 * What every import's answer says of the file's rows: how many it has (a line with several
 * problems counts once), how many are valid, and the problems.
 */
export const rowCounts = <E extends { line: number }>(check: { rows: readonly unknown[]; errors: E[] }) => ({
  rows: check.rows.length + new Set(check.errors.map((e) => e.line)).size,
  valid: check.rows.length,
  errors: check.errors,
});

const PREVIEW_ROWS = 20;

/** The first valid rows as the import would store them, for the dry run to show. */
export const previewRows = <R extends { line: number }, P extends object>(rows: readonly R[], shown: (row: R) => P) =>
  rows.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, ...shown(r) }));

/** An import is all or nothing: one wrong line refuses the file, naming up to 200 problems. */
export function refuseRowErrors(errors: ReadonlyArray<{ line: number; field: string; message: { en: string } }>): void {
  if (errors.length === 0) return;
  throw new HttpError('invalid_request', `${errors.length} problems in the file: nothing was imported`, {
    ...Object.fromEntries(errors.slice(0, 200).map((e) => [`line ${e.line}.${e.field}`, e.message.en])),
  });
}
