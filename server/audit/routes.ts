import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_TYPES, auditEntry } from '../../shared/audit.js';
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

/** The audit log, read from the change log: nothing is kept twice. */
export function auditRoutes(store: Store): Router {
  const router = Router();
  router.get('/audit', requirePermission('audit:read'), async (req, res) => {
    const q = parseOrThrow(auditQuery, req.query, 'query');
    const records = await store.listSigningChanges({
      limit: q.limit,
      before: q.cursor,
      actor: q.actor,
      signingId: q.signingId,
      type: q.type,
      from: q.from && new Date(q.from).toISOString(),
      // A bare date means the whole of that day.
      to: q.to && (q.to.length === 10 ? `${q.to}T23:59:59.999Z` : new Date(q.to).toISOString()),
    });
    const last = records.at(-1);
    res.json({ items: records.map(auditEntry), nextCursor: records.length === q.limit && last ? String(last.seq) : null });
  });
  return router;
}
