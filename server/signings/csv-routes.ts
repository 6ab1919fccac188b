import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Router } from 'express';
import { z } from 'zod';
import { toCsv } from '../../shared/csv.js';
import { checkImport, EXPORT_HEADER, exportRow, TEMPLATE_HEADER, type ImportCheck } from '../../shared/csv-signings.js';
import { toCny } from '../../shared/currency.js';
import type { EventConfig } from '../../shared/event-config.js';
import { amountHold, type CountedStats } from '../../shared/signing-limits.js';
import { can } from '../../shared/roles.js';
import type { Signing } from '../../shared/signing.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { Store } from '../store/types.js';
import type { Actor } from '../auth/actor.js';
import { newSigning, requestHash } from './create.js';
import type { SigningDeps } from './routes.js';
import { readTable } from '../spreadsheets/read-table.js';
import { previewRows, refuseRowErrors, rowCounts, spreadsheetUpload, tableSource, uploadedFile } from '../spreadsheets/upload.js';

/** Big enough for the pre-agreed signings of a whole expo; the import is still one transaction. */
const IMPORT_LIMIT = '10mb';
const MAX_ROWS = 20_000;

const exportQuery = z.object({ includeUncounted: z.enum(['true', 'false']).optional() });

/**
 * Each valid row's amount in yuan, and the rows that would be held for review if stored now:
 * stored, but not counted until someone releases them.
 */
export function importAmounts(check: ImportCheck, event: EventConfig, counted: CountedStats) {
  const amounts = check.rows.map((r) => ({ line: r.line, amountCny: toCny(r.input.amount, r.input.currency, event)?.amountCny ?? 0 }));
  const held = amounts.flatMap(({ line, amountCny }) => {
    const hold = amountHold(amountCny, event.limits, counted);
    return hold ? [{ line, code: hold.code, reason: hold.reason }] : [];
  });
  return { amounts, held };
}

function report(check: ImportCheck, event: EventConfig, counted: CountedStats) {
  const { amounts, held } = importAmounts(check, event, counted);
  const heldLines = new Set(held.map((h) => h.line));
  return {
    ...rowCounts(check),
    notices: check.notices,
    held,
    preview: previewRows(check.rows, (r) => ({ ...r.input, ...(heldLines.has(r.line) ? { held: true } : {}) })),
    totalCny: amounts.reduce((sum, a) => sum + a.amountCny, 0),
    /** What the import adds to the totals: the valid rows that are not held. */
    countedCny: amounts.reduce((sum, a) => sum + (heldLines.has(a.line) ? 0 : a.amountCny), 0),
  };
}

/**
 * `POST /signings/import` takes the file itself (CSV in UTF-8 or GB18030, or XLSX), so it is
 * mounted before the JSON body parser and brings its own limit.
 */
export function importRoutes(deps: SigningDeps): Router {
  const { event } = deps;
  const router = Router();
  router.post(
    '/',
    ...spreadsheetUpload(IMPORT_LIMIT, deps, requirePermission('signing:import')),
    async (req, res) => {
      const { dryRun, file } = uploadedFile(req);
      const table = await readTable(file, MAX_ROWS);
      const check = checkImport(table.rows, event);
      const counted = deps.counted();
      const body = { ...tableSource(table), ...report(check, event, counted) };
      if (dryRun) return void res.json({ dryRun: true, ...body });
      refuseRowErrors(check.errors);
      res.status(201).json(await commitImport(deps, req.actor!, table.rows, check, counted));
    },
  );
  return router;
}

/**
 * The same file imported twice is refused as a whole: its rows' keys derive from its cells,
 * so a CSV saved again with another encoding or line ending, or as XLSX, is the same file.
 */
export function importFileHash(rows: string[][]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 32);
}

async function commitImport(deps: SigningDeps, actor: Actor, rows: string[][], check: ImportCheck, counted: CountedStats) {
  const fileHash = importFileHash(rows);
  const now = deps.now();
  const result = await deps.committer.submit({
    type: 'signing.import',
    actor: actor.name,
    items: check.rows.map((r) => ({
      idempotencyKey: `import:${fileHash}:${r.line}`,
      requestHash: requestHash(r.input),
      signing: newSigning(r.input, deps.event, actor, now, counted),
    })),
  });
  if (result.type === 'import.duplicate') throw new HttpError('conflict', 'this file was imported already', { file: 'imported already' });
  return { imported: result.signings.length, held: result.signings.filter((s) => s.status === 'held').length, seq: result.seq };
}

/** `GET /signings.csv`: the list as a spreadsheet, with the list's filters. */
export function exportRoutes(store: Store, event: EventConfig): Router {
  const router = Router();
  router.get('/signings.csv', requirePermission('signing:export'), async (req, res) => {
    const query = parseOrThrow(exportQuery, req.query, 'query');
    const includeUncounted = query.includeUncounted === 'true' && can(req.actor?.role, 'signing:read-all');
    const all: Signing[] = [];
    for (let before: number | undefined; ; ) {
      const page = await store.listSignings({ limit: 500, before, includeUncounted });
      all.push(...page.items);
      if (page.next === undefined) break;
      before = page.next;
    }
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', 'attachment; filename="signings.csv"');
    res.send(toCsv(EXPORT_HEADER, all.map((s) => exportRow(s, event.regionNaming))));
  });
  return router;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `GET /signings/template.csv` and `/signings/template.xlsx`: an empty sheet with the import's
 * headers in Chinese and English. Mounted before `/signings/:id`, which would take the name.
 */
export function templateRoutes(): Router {
  const router = Router();
  router.get('/signings/template.csv', requirePermission('signing:import'), (_req, res) => {
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', 'attachment; filename="signings-template.csv"');
    res.send(toCsv(TEMPLATE_HEADER, []));
  });
  router.get('/signings/template.xlsx', requirePermission('signing:import'), async (_req, res) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('签约 Signings');
    sheet.addRow([...TEMPLATE_HEADER]).font = { bold: true };
    sheet.columns.forEach((column) => (column.width = 24));
    res.set('Content-Type', XLSX_TYPE);
    res.set('Content-Disposition', 'attachment; filename="signings-template.xlsx"');
    res.send(Buffer.from(await workbook.xlsx.writeBuffer()));
  });
  return router;
}
