import { Router } from 'express';
import { z } from 'zod';
import type { EditionLine } from '../../shared/edition-points.js';
import { compareAt, editionSchema, eventDayOf, listItem } from '../../shared/editions.js';
import { localTime } from '../../shared/time.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { archiveEdition, livePoints } from './editions.js';
import type { AppParts } from '../app-parts.js';

export interface EditionRouteDeps extends Pick<AppParts, 'store' | 'current' | 'now'> {
  hub: { readonly summary: { byHour: Record<string, { count: number; amountCny: number }> } };
}

const compareQuery = z
  .object({
    day: z.coerce.number().int().min(1).max(60).optional(),
    hour: z.coerce.number().int().min(0).max(23).optional(),
  })
  .strict();

/**
 * Past editions, read-only: list, read (the editor copies an event from one), archive the
 * current one, import an archive file, and compare the live figures with one at the same event
 * day and hour.
 */
export function editionRoutes({ store, hub, current, now }: EditionRouteDeps): Router {
  const router = Router();
  const stored = async (id: string) => {
    const edition = await store.events.getEdition(id);
    if (!edition) throw new HttpError('not_found', `no archived edition "${id}"`);
    return edition;
  };

  router.get('/editions', requirePermission('organizer:read'), async (_req, res) => {
    res.json({ items: await store.events.listEditions() });
  });

  router.get('/editions/:id', requirePermission('organizer:read'), async (req, res) => {
    res.json(await stored(String(req.params.id)));
  });

  // Public, for the display's comparison line (`?compare=`): past figures that walls showed anyway, hour by hour.
  router.get('/editions/:id/points', async (req, res) => {
    const { id, event, points } = await stored(String(req.params.id));
    const line: EditionLine = { id, name: event.name, hostCity: event.hostCity, dates: event.dates, points };
    res.json(line);
  });

  router.post('/editions/archive', requirePermission('event:manage'), async (_req, res) => {
    const edition = await archiveEdition(store, current.current(), now());
    if (!(await store.events.putEdition(edition))) throw new HttpError('conflict', `edition "${edition.id}" is archived already`, { id: 'archived already' });
    res.status(201).json(listItem(edition));
  });

  router.post('/editions', requirePermission('event:manage'), async (req, res) => {
    const edition = parseOrThrow(editionSchema, req.body, 'archive');
    if (!(await store.events.putEdition(edition))) throw new HttpError('conflict', `edition "${edition.id}" is archived already`, { id: 'archived already' });
    res.status(201).json(listItem(edition));
  });

  router.get('/editions/:id/compare', requirePermission('organizer:read'), async (req, res) => {
    const q = parseOrThrow(compareQuery, req.query, 'query');
    const event = current.current();
    const archived = await stored(String(req.params.id));
    // By default the moment it is now, on the event's clock: day 2, 14:00 compares with day 2, 14:00.
    const t = localTime(now(), event.timeZone);
    const day = q.day ?? Math.max(1, eventDayOf(event.dates.start, t.day));
    const hour = q.hour ?? t.hour;
    const live = await livePoints(store, event, hub.summary);
    res.json({ edition: listItem(archived), ...compareAt(live, archived.points, day, hour) });
  });
  return router;
}
