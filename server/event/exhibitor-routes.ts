import { Router } from 'express';
import { checkExhibitorImport, exhibitorCounts } from '../../shared/exhibitors.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError } from '../http/errors.js';
import { readTable } from '../spreadsheets/read-table.js';
import { previewRows, refuseRowErrors, rowCounts, spreadsheetUpload, tableSource, uploadedFile } from '../spreadsheets/upload.js';
import type { Store } from '../store/types.js';
import { missingEvent } from './current.js';
import type { AppParts } from '../app-parts.js';

const IMPORT_LIMIT = '10mb';
const MAX_ROWS = 20_000;

export type ExhibitorImportDeps = Pick<AppParts, 'store' | 'committer' | 'current' | 'now'>;

/**
 * `POST /exhibitors/import`: the whole list in place of the stored one, as the signings import
 * does it (the file is the body, mounted before the JSON parser; `?dryRun=true` first). The
 * event's exhibitor and country counts then come from the list, and screens hear the new event.
 */
export function exhibitorImportRoutes({ store, committer, current, now }: ExhibitorImportDeps): Router {
  const router = Router();
  router.post(
    '/',
    ...spreadsheetUpload(IMPORT_LIMIT, { store, now }, requirePermission('event:manage')),
    async (req, res) => {
      const { dryRun, file } = uploadedFile(req);
      const table = await readTable(file, MAX_ROWS);
      const check = checkExhibitorImport(table.rows, current.current().areas);
      const list = check.rows.map((r) => r.exhibitor);
      const body = {
        ...tableSource(table),
        ...rowCounts(check),
        preview: previewRows(check.rows, (r) => r.exhibitor),
        ...exhibitorCounts(list),
      };
      if (dryRun) return void res.json({ dryRun: true, ...body });
      refuseRowErrors(check.errors);
      if (list.length === 0) throw new HttpError('invalid_request', 'the file lists no exhibitors', { file: 'no rows' });
      const result = await committer.submit({ type: 'exhibitors.replace', exhibitors: list, at: now().toISOString(), actor: req.actor!.name });
      if (result.type === 'event.missing') throw missingEvent();
      res.status(201).json({ imported: list.length, ...exhibitorCounts(list), version: result.version, seq: result.seq });
    },
  );
  return router;
}

/** `GET /exhibitors`: the imported list, for organizers. */
export function exhibitorRoutes(store: Store): Router {
  const router = Router();
  router.get('/exhibitors', requirePermission('organizer:read'), async (_req, res) => {
    const items = await store.events.exhibitors();
    res.json({ items, ...exhibitorCounts(items) });
  });
  return router;
}
