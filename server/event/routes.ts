import { Router } from 'express';
import { z } from 'zod';
import { eventConfigSchema } from '../../shared/event-config.js';
import { describeUses } from '../../shared/event-edit.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { missingEvent } from './current.js';
import type { AppParts } from '../app-parts.js';

export type EventRouteDeps = Pick<AppParts, 'current' | 'committer' | 'now'>;

const versioned = z.object({ version: z.number().int().positive() }).loose();

/** `GET /event` for everyone (screens read it), `PUT /event` for organizers. */
export function eventRoutes({ current, committer, now }: EventRouteDeps): Router {
  const router = Router();
  router.get('/event', (_req, res) => {
    res.json({ ...current.current(), version: current.version });
  });

  router.put('/event', requirePermission('event:manage'), async (req, res) => {
    const { version, ...rest } = parseOrThrow(versioned, req.body);
    const event = parseOrThrow(eventConfigSchema, rest, 'event');
    const result = await committer.submit({ type: 'event.update', event, expectedVersion: version, at: now().toISOString(), actor: req.actor!.name });
    switch (result.type) {
      case 'event.updated':
        res.json({ ...result.event, version: result.version, seq: result.seq });
        return;
      case 'event.conflict':
        throw new HttpError('version_conflict', `the event changed since version ${version}: it is at version ${result.version}; reload and edit again`, {
          version: `now ${result.version}`,
        });
      case 'event.in-use':
        throw new HttpError(
          'conflict',
          `cannot remove what stored data uses (rename it instead): ${describeUses(result.uses)}`,
          Object.fromEntries(result.uses.map((u) => [`${u.kind}:${u.id}`, describeUses([u])])),
        );
      case 'event.missing':
        throw missingEvent();
    }
  });
  return router;
}
