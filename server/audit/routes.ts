import { Router } from 'express';
import { z } from 'zod';
import { attendanceAuditEntry, AUDIT_TYPES, auditEntry } from '../../shared/audit.js';
import { eventAuditEntry } from '../../shared/event-edit.js';
import { parseAuditCursor } from '../../shared/operator-audit.js';
import { localDayRange } from '../../shared/time.js';
import { requirePermission } from '../auth/middleware.js';
import { parseOrThrow } from '../http/errors.js';
import type { Store } from '../store/types.js';

const when = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** `nextCursor` of the previous page: a seq, or `seq.id` after an operator entry. */
    cursor: z.string().regex(/^\d{1,15}(\.\d{1,15})?$/, 'a cursor from nextCursor').optional(),
    actor: z.string().max(100).optional(),
    signingId: z.string().max(100).optional(),
    type: z.enum([...AUDIT_TYPES, 'operator']).optional(),
    from: when.optional(),
    to: when.optional(),
  })
  .strict();

/** Operator entries follow the change whose seq they carry, in the order they were written. */
const operatorOrder = (e: { type: string; id?: unknown }) => (e.type === 'operator' ? Number(e.id) : 0);
const cursorOf = (e: { seq: number; type: string; id?: unknown }) => (e.type === 'operator' ? `${e.seq}.${Number(e.id)}` : String(e.seq));

/** A bare date is a whole day on the event's clock (00:00 to 23:59:59.999 local), not a UTC day. */
function instantOf(value: string, end: 'from' | 'to', timeZone: string): string {
  return value.length === 10 ? localDayRange(value, timeZone)[end] : new Date(value).toISOString();
}

/** The audit log, read from the change log: nothing is kept twice. */
export function auditRoutes(store: Store, timeZone: string): Router {
  const router = Router();
  router.get('/audit', requirePermission('audit:read'), async (req, res) => {
    const { type: asked, ...rest } = parseOrThrow(auditQuery, req.query, 'query');
    const operatorsOnly = asked === 'operator';
    const q = { ...rest, type: asked === 'operator' ? undefined : asked };
    const cursor = q.cursor === undefined ? undefined : parseAuditCursor(q.cursor);
    const operators = operatorsOnly || (q.type === undefined && !q.signingId);
    const query = {
      limit: q.limit,
      // After an operator entry the page goes on with the change it followed.
      before: cursor && (cursor[1] > 0 ? cursor[0] + 1 : cursor[0]),
      actor: q.actor,
      signingId: q.signingId,
      from: q.from && instantOf(q.from, 'from', timeZone),
      to: q.to && instantOf(q.to, 'to', timeZone),
    };
    const corrections = !operatorsOnly && (q.type === 'attendance.corrected' || (q.type === undefined && !q.signingId));
    const eventEdits = !operatorsOnly && (q.type === 'event.updated' || (q.type === undefined && !q.signingId));
    const signingType = q.type === 'attendance.corrected' || q.type === 'event.updated' ? undefined : q.type;
    const [signings, gateHours, edits, operatorEntries] = await Promise.all([
      operatorsOnly || q.type === 'attendance.corrected' || q.type === 'event.updated' ? [] : store.listSigningChanges({ ...query, type: signingType }),
      corrections ? store.attendance.corrections(query) : [],
      eventEdits ? store.events.history(query) : [],
      operators ? store.operatorAudit.list({ ...query, before: cursor }) : [],
    ]);
    // Both lists are newest first below the same cursor: their merge, cut at `limit`, is the page.
    const items = [
      ...signings.map(auditEntry),
      ...gateHours.filter((c) => c.correction).map((c) => attendanceAuditEntry({ ...c, correction: c.correction! })),
      ...edits.map(eventAuditEntry),
      ...operatorEntries,
    ]
      .sort((a, b) => b.seq - a.seq || operatorOrder(b) - operatorOrder(a))
      .slice(0, q.limit);
    const last = items.at(-1);
    res.json({ items, nextCursor: items.length === q.limit && last ? cursorOf(last) : null });
  });
  return router;
}
