import { Router } from 'express';
import { z } from 'zod';
import { can } from '../../shared/roles.js';
import { publicSigning, signingInputSchema, type Signing } from '../../shared/signing.js';
import type { CountedStats } from '../../shared/signing-limits.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { perEvent } from '../event/current.js';
import { correctionRoutes } from './corrections.js';
import { exportRoutes, templateRoutes } from './csv-routes.js';
import { callerKey, newSigning, requestHash } from './create.js';
import { likelyDuplicates } from './duplicates.js';
import type { AppParts } from '../app-parts.js';

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().positive().optional(),
  includeUncounted: z.enum(['true', 'false']).optional(),
  /** Staff: only signings whose title, investor or partner contains this. */
  q: z.string().trim().max(200).optional(),
});

const duplicateQuery = z.object({
  investor: z.string().trim().min(1).max(200),
  partner: z.string().trim().min(1).max(200),
  amountCny: z.coerce.number().positive().finite(),
});

/** What the signing routes are built from. */
export interface SigningDeps extends Pick<AppParts, 'store' | 'committer' | 'event' | 'now'> {
  /** The counted signings' median and count, for the amount limits' review factor. */
  counted: () => CountedStats;
}

/** Anonymous callers see published signings without the names of the staff who entered them. */
const visibleTo = (role: Parameters<typeof can>[0]) => (s: Signing) => (can(role, 'signing:read-all') ? s : publicSigning(s));

export function signingRoutes(deps: SigningDeps): Router {
  const { store, committer, event } = deps;
  const router = Router();
  // Built again when the event is edited: its venues, areas, sectors and currencies are the allowed values.
  const inputSchema = perEvent(event, signingInputSchema);

  router.post('/signings', requirePermission('signing:create'), async (req, res) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (!key || key.length > 200) {
      throw new HttpError('invalid_request', `send a unique ${IDEMPOTENCY_HEADER} header (at most 200 characters)`, {
        [IDEMPOTENCY_HEADER]: 'required, at most 200 characters',
      });
    }
    const input = parseOrThrow(inputSchema(), req.body);
    const result = await committer.submit({
      type: 'signing.create',
      idempotencyKey: callerKey(req.actor!, key),
      requestHash: requestHash(input),
      signing: newSigning(input, event, req.actor!, deps.now(), deps.counted()),
      actor: req.actor!.name,
    });
    if (result.type === 'idempotency.mismatch') {
      throw new HttpError('idempotency_mismatch', `${IDEMPOTENCY_HEADER} was already used for a different signing`, {
        [IDEMPOTENCY_HEADER]: 'already used with another body',
      });
    }
    // A replay answers exactly as the first request did, so a retrying client cannot tell.
    if (result.type === 'signing.replayed') res.set('Idempotent-Replayed', 'true');
    res.status(201).json({ signing: result.signing, seq: result.seq });
  });

  router.get('/signings', async (req, res) => {
    const query = parseOrThrow(listQuery, req.query, 'query');
    const includeUncounted = query.includeUncounted === 'true';
    if (includeUncounted && !req.actor) throw new HttpError('unauthenticated', 'log in to see drafts and voided signings');
    if (includeUncounted && !can(req.actor?.role, 'signing:read-all')) {
      throw new HttpError('forbidden', 'drafts and voided signings are for staff');
    }
    const search = query.q || undefined;
    // Searching scans every row: for staff at a desk, not for the public.
    if (search && !can(req.actor?.role, 'signing:read-all')) {
      throw new HttpError(req.actor ? 'forbidden' : 'unauthenticated', 'searching signings is for staff');
    }
    const page = await store.listSignings({ limit: query.limit, before: query.cursor, includeUncounted, search });
    res.json({ items: page.items.map(visibleTo(req.actor?.role)), nextCursor: page.next === undefined ? null : String(page.next) });
  });

  router.use(templateRoutes());

  router.get('/signings/duplicates', requirePermission('signing:create'), async (req, res) => {
    const probe = parseOrThrow(duplicateQuery, req.query, 'query');
    res.json({ items: await likelyDuplicates(store, probe, deps.now()) });
  });

  router.get('/signings/:id', async (req, res) => {
    const signing = await store.getSigning(String(req.params.id));
    if (!signing || (signing.status !== 'published' && !can(req.actor?.role, 'signing:read-all'))) {
      throw new HttpError('not_found', 'no such signing');
    }
    res.json({ signing: visibleTo(req.actor?.role)(signing) });
  });

  router.use(correctionRoutes(deps));
  router.use(exportRoutes(store, event));
  return router;
}
