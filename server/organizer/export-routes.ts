import { Router, type Response } from 'express';
import { toCsv } from '../../shared/csv.js';
import { EXPORT_HEADER, exportRow } from '../../shared/csv-signings.js';
import { exportQuerySchema } from '../../shared/organizer.js';
import { requirePermission } from '../auth/middleware.js';
import { parseOrThrow } from '../http/errors.js';
import type { Store } from '../store/types.js';
import type { SigningChangeRecord } from '../store/operations.js';
import { filterSignings } from './query.js';
import { ATTENDANCE_COLUMNS, AUDIT_COLUMNS, attendanceRows, auditRows } from './reports.js';
import { sourceAt, type OrganizerDeps } from './routes.js';

function sendCsv(res: Response, name: string, csv: string): void {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${name}"`);
  res.set('Cache-Control', 'no-store');
  res.send(csv);
}

async function allSigningChanges(store: Store, until?: string): Promise<SigningChangeRecord[]> {
  const all: SigningChangeRecord[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await store.listSigningChanges({ limit: 1000, ...(before ? { before } : {}), ...(until ? { to: until } : {}) });
    all.push(...page);
    if (page.length < 1000) return all.reverse();
    before = page.at(-1)!.seq;
  }
}

/**
 * CSV downloads matching the console's filters (and its time-travel moment, when set). The
 * signings file has the same columns and escaping as the staff export (shared/csv-signings.ts).
 */
export function exportRoutes(deps: OrganizerDeps): Router {
  const router = Router();
  router.use('/organizer/export', requirePermission('organizer:read'));
  const tz = deps.event.timeZone;
  const stamp = (at?: string) => (at ? new Date(at) : deps.now()).toISOString().slice(0, 16).replace(':', '');

  router.get('/organizer/export/signings.csv', async (req, res) => {
    const { at, q, ...filters } = parseOrThrow(exportQuerySchema, req.query, 'query');
    const { signings } = await sourceAt(deps, at);
    const rows = filterSignings(signings, filters, q, tz).sort((a, b) => (a.signedAt < b.signedAt ? -1 : 1));
    sendCsv(res, `signings-${stamp(at)}.csv`, toCsv(EXPORT_HEADER, rows.map((s) => exportRow(s, deps.event.regionNaming))));
  });

  router.get('/organizer/export/attendance.csv', async (req, res) => {
    const { at, q: _q, ...filters } = parseOrThrow(exportQuerySchema, req.query, 'query');
    const { summary } = await sourceAt(deps, at);
    sendCsv(res, `attendance-${stamp(at)}.csv`, toCsv(ATTENDANCE_COLUMNS, attendanceRows(summary.attendance, filters)));
  });

  router.get('/organizer/export/audit.csv', async (req, res) => {
    const { at, q: _q, ...filters } = parseOrThrow(exportQuerySchema, req.query, 'query');
    const changes = await allSigningChanges(deps.store, at && new Date(at).toISOString());
    sendCsv(res, `audit-${stamp(at)}.csv`, toCsv(AUDIT_COLUMNS, auditRows(changes, filters, tz)));
  });

  return router;
}
