import { createHash } from 'node:crypto';
import { Router } from 'express';
import { MAX_ITEMS, type ItemInput } from '../../shared/ceremonies.js';
import { checkImport, type ImportCheck, type RowError } from '../../shared/csv-signings.js';
import { HttpError } from '../http/errors.js';
import { importAmounts } from '../signings/csv-routes.js';
import { readTable } from '../spreadsheets/read-table.js';
import { previewRows, refuseRowErrors, rowCounts, spreadsheetUpload, tableSource, uploadedFile } from '../spreadsheets/upload.js';
import { requireCeremonyRun } from './permission.js';
import { announceCounts, type CeremonyDeps } from './routes.js';
import { loadCeremony } from './view.js';

/** The signings import's check, and one rule of its own: the signing time is the moment on stage. */
function checkItems(rows: string[][], deps: CeremonyDeps): ImportCheck {
  const check = checkImport(rows, deps.event);
  const timed: RowError[] = check.rows
    .filter((r) => r.input.signedAt !== undefined)
    .map((r) => ({ line: r.line, field: 'signedAt', message: { zh: `第 ${r.line} 行：签约时间在台上签约时确定`, en: 'set when the item is signed on stage' } }));
  const timedLines = new Set(timed.map((e) => e.line));
  return { ...check, rows: check.rows.filter((r) => !timedLines.has(r.line)), errors: [...check.errors, ...timed] };
}

/** What the file would add, as the signings import's dry run reports it. */
function report(check: ImportCheck, deps: CeremonyDeps) {
  const { amounts, held } = importAmounts(check, deps.event, deps.counted());
  return {
    ...rowCounts(check),
    notices: check.notices,
    /** Rows whose amount would be held for review if signed today. */
    held,
    preview: previewRows(check.rows, (r) => r.input),
    totalCny: amounts.reduce((sum, a) => sum + a.amountCny, 0),
  };
}

/** Items of one file get ids from its cells, so the same file imported twice is refused. */
const itemId = (ceremonyId: string, fileHash: string, line: number) =>
  createHash('sha256').update(`${ceremonyId}:${fileHash}:${line}`).digest('hex').slice(0, 32);

/**
 * `POST /ceremonies/:id/items/import`: a CSV (UTF-8 or GB18030) or XLSX file of items, with
 * the signings import's columns. Mounted before the JSON body parser: the file is the body.
 */
export function ceremonyImportRoutes(deps: CeremonyDeps): Router {
  const router = Router();
  router.post(
    '/ceremonies/:id/items/import',
    ...spreadsheetUpload('2mb', deps, requireCeremonyRun(deps.store)),
    async (req, res) => {
      const { dryRun, file } = uploadedFile(req);
      const { def } = await loadCeremony(deps.store, String(req.params['id']));
      const table = await readTable(file, MAX_ITEMS);
      const check = checkItems(table.rows, deps);
      const body = { ...tableSource(table), ...report(check, deps) };
      if (dryRun) return void res.json({ dryRun: true, ...body });
      refuseRowErrors(check.errors);
      const existing = await deps.store.ceremonies.listItems(def.id);
      if (existing.length + check.rows.length > MAX_ITEMS) throw new HttpError('conflict', `a ceremony holds at most ${MAX_ITEMS} items`);
      const fileHash = createHash('sha256').update(JSON.stringify(table.rows)).digest('hex');
      const ids = new Set(existing.map((i) => i.id));
      const at = deps.now().toISOString();
      const items = check.rows.map((r) => ({ id: itemId(def.id, fileHash, r.line), ceremonyId: def.id, input: r.input as ItemInput, createdAt: at, updatedAt: at }));
      if (items.some((i) => ids.has(i.id))) throw new HttpError('conflict', 'this file was imported into this ceremony already', { file: 'imported already' });
      await deps.store.ceremonies.addItems(def.id, items);
      await announceCounts(deps, req.actor!, def);
      res.status(201).json({ imported: items.length, ...body });
    },
  );
  return router;
}
