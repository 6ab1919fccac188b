import { Router } from 'express';
import { hasFilters, signingsQuerySchema, summaryQuerySchema, type RehearsalStatus, type SigningsPage, type SummaryResponse } from '../../shared/organizer.js';
import type { Signing } from '../../shared/signing.js';
import type { Summary } from '../../shared/summary.js';
import { requirePermission } from '../auth/middleware.js';
import { parseOrThrow } from '../http/errors.js';
import type { LiveHub } from '../live/hub.js';
import { filteredSummary, filterSignings, pageOf } from './query.js';
import { countedAt, historyAt, summaryAt } from './time-travel.js';
import type { AppParts } from '../app-parts.js';

export interface OrganizerDeps extends Pick<AppParts, 'store' | 'event' | 'now'> {
  hub: LiveHub;
}

/** Counted signings and the figures, now or (with `at`) as they stood at a past moment. */
export async function sourceAt(deps: OrganizerDeps, at: string | undefined): Promise<{ signings: Signing[]; summary: Summary }> {
  if (!at) return { signings: await deps.store.countedSignings(), summary: deps.hub.summary };
  const state = await historyAt(deps.store, at, deps.event.timeZone);
  return { signings: countedAt(state), summary: summaryAt(state, deps.event, at) };
}

/** The organizer console's read side: filtered figures, the signings table, time travel. */
export function organizerRoutes(deps: OrganizerDeps): Router {
  const router = Router();
  const tz = deps.event.timeZone;
  // A plain server runs live; with a rehearsal, the switchboard in front answers this instead.
  router.get('/rehearsal', (_req, res) => {
    res.json({ mode: 'live' } satisfies RehearsalStatus);
  });
  router.use('/organizer', requirePermission('organizer:read'));

  router.get('/organizer/summary', async (req, res) => {
    const { at, ...filters } = parseOrThrow(summaryQuerySchema, req.query, 'query');
    const seq = deps.hub.seq;
    const source = await sourceAt(deps, at);
    const summary: Summary = hasFilters(filters)
      ? { ...filteredSummary(source.signings, filters, tz), seq: source.summary.seq, attendance: source.summary.attendance }
      : source.summary;
    const [first] = await deps.store.changesSince(0, 1);
    res.json({ summary, at: at ?? null, liveSeq: seq, firstChangeAt: first?.at ?? null } satisfies SummaryResponse);
  });

  router.get('/organizer/signings', async (req, res) => {
    const { at, q, sort, dir, page, pageSize, ...filters } = parseOrThrow(signingsQuerySchema, req.query, 'query');
    const source = await sourceAt(deps, at);
    const rows = filterSignings(source.signings, filters, q, tz);
    const body: SigningsPage = { ...pageOf(rows, { sort, dir, page, pageSize }), page, pageSize, seq: source.summary.seq };
    res.json(body);
  });

  return router;
}
