import { Router } from 'express';
import { z } from 'zod';
import { attendanceAuditEntry, AUDIT_TYPES, auditEntry } from '../../shared/audit.js';
import { eventAuditEntry } from '../../shared/event-edit.js';
import { localDayRange } from '../../shared/time.js';
import { requirePermission } from '../auth/middleware.js';
import { parseOrThrow } from '../http/errors.js';
import type { Store } from '../store/types.js';

const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.coerce.number().int().positive().optional(),
    actor: z.string().max(100).optional(),
    signingId: z.string().max(100).optional(),
    type: z.enum(AUDIT_TYPES).optional(),
    from: when.optional(),
    to: when.optional(),
  })
  .strict();

/** A bare date is a whole day on the event's clock (00:00 to 23:59:59.999 local), not a UTC day. */
function instantOf(value: string, end: 'from' | 'to', timeZone: string): string {
  return value.length === 10 ? localDayRange(value, timeZone)[end] : new Date(value).toISOString();
}

/** The audit log, read from the change log: nothing is kept twice. */
export function auditRoutes(store: Store, timeZone: string): Router {
  const router = Router();
  router.get('/audit', requirePermission('audit:read'), async (req, res) => {
    const q = parseOrThrow(auditQuery, req.query, 'query');
    const query = {
      limit: q.limit,
      before: q.cursor,
      actor: q.actor,
      signingId: q.signingId,
      from: q.from && instantOf(q.from, 'from', timeZone),
      to: q.to && instantOf(q.to, 'to', timeZone),
    };
    const corrections = q.type === 'attendance.corrected' || (q.type === undefined && !q.signingId);
    const eventEdits = q.type === 'event.updated' || (q.type === undefined && !q.signingId);
    const signingType = q.type === 'attendance.corrected' || q.type === 'event.updated' ? undefined : q.type;
    const [signings, gateHours, edits] = await Promise.all([
      q.type === 'attendance.corrected' || q.type === 'event.updated' ? [] : store.listSigningChanges({ ...query, type: signingType }),
      corrections ? store.attendance.corrections(query) : [],
      eventEdits ? store.events.history(query) : [],
    ]);
    // Both lists are newest first below the same cursor: their merge, cut at `limit`, is the page.
    const items = [
      ...signings.map(auditEntry),
      ...gateHours.filter((c) => c.correction).map((c) => attendanceAuditEntry({ ...c, correction: c.correction! })),
      ...edits.map(eventAuditEntry),
    ]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, q.limit);
    const last = items.at(-1);
    res.json({ items, nextCursor: items.length === q.limit && last ? String(last.seq) : null });
  });
  return router;
}
