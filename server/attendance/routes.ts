import { Router, type Request } from 'express';
import { authenticate, requirePermission } from '../auth/middleware.js';
import { jsonBody } from '../http/body.js';
import type { AttendanceCountsOp, AttendanceScansOp } from '../store/operations.js';
import { gateHourCorrectionRoute } from './corrections.js';
import { badgeHasher, checkGates, gateRates, parseCounts, parseScans, prepareCounts, prepareScans, reportableGates, type Rejection } from './ingest.js';
import { ATTENDANCE_BODY_LIMIT } from './schemas.js';
import { perEvent } from '../event/current.js';
import type { AppParts } from '../app-parts.js';

export type AttendanceRouteDeps = Pick<AppParts, 'store' | 'committer' | 'event' | 'now'>;

/**
 * Gate devices report here, and admins correct a gate's hour. Mounted ahead of the API's 1 MB
 * body parser so that a batch of 5,000 items fits, hence its own parser and authentication.
 */
export function attendanceRoutes({ store, committer, event, now }: AttendanceRouteDeps): Router {
  const router = Router();
  const hashBadge = store.attendance.badgeKey().then(badgeHasher);
  // Built again when the event is edited (gates added, rates changed).
  const ratesNow = perEvent(event, gateRates);
  const rateOf = (gateId: string) => ratesNow()(gateId);
  const device = requirePermission('attendance:report');

  router.use(jsonBody(ATTENDANCE_BODY_LIMIT));
  router.use(authenticate(store, now));
  router.put('/gates/:gateId/hours/:hour', requirePermission('attendance:correct'), gateHourCorrectionRoute({ committer, event, now }));

  async function commit(req: Request, items: unknown[], rejected: Rejection[], op: (base: { at: string; actor: string }) => AttendanceCountsOp | AttendanceScansOp) {
    if (items.length === 0) return { accepted: 0, duplicates: 0, rejected };
    const result = await committer.submit(op({ at: now().toISOString(), actor: req.actor!.name }));
    return { accepted: result.accepted, duplicates: result.duplicates, rejected, ...(result.notes.length > 0 ? { notes: result.notes } : {}) };
  }

  router.post('/counts', device, async (req, res) => {
    const reports = parseCounts(req.body);
    const venueOf = checkGates(reports.map((r) => r.gateId), event, reportableGates(req.actor!, event));
    const { items, rejected } = prepareCounts(reports, venueOf, event.timeZone, now().getTime(), rateOf);
    res.status(202).json(await commit(req, items, rejected, (base) => ({ type: 'attendance.counts', items, ...base })));
  });

  router.post('/scans', device, async (req, res) => {
    const reports = parseScans(req.body);
    const venueOf = checkGates(reports.map((r) => r.gateId), event, reportableGates(req.actor!, event));
    const { items, rejected } = prepareScans(reports, venueOf, event.timeZone, await hashBadge, now().getTime());
    res.status(202).json(await commit(req, items, rejected, (base) => ({ type: 'attendance.scans', items, ...base })));
  });

  return router;
}
