import type { RequestHandler } from 'express';
import { gateVenue } from '../../shared/event-config.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { gateHourCorrectionSchema, hourKeySchema } from './schemas.js';
import type { AppParts } from '../app-parts.js';

export type CorrectionDeps = Pick<AppParts, 'committer' | 'event' | 'now'>;

/**
 * `PUT /attendance/gates/:gateId/hours/:hour`: an admin sets what a gate really counted in an
 * hour. A write like any report (group committer, one `attendance` change carrying the
 * difference), so screens follow through the change feed and the audit log keeps the reason.
 */
export function gateHourCorrectionRoute({ committer, event, now }: CorrectionDeps): RequestHandler {
  return async (req, res) => {
    const gateId = String(req.params.gateId);
    const venue = gateVenue(event, gateId);
    if (!venue) throw new HttpError('unknown_gate', `unknown gate "${gateId}"`, { gateId: `unknown gate "${gateId}"` });
    const parsedHour = hourKeySchema.safeParse(req.params.hour);
    if (!parsedHour.success) throw new HttpError('invalid_request', 'invalid hour', { hour: parsedHour.error.issues[0]!.message });
    const hour = parsedHour.data;
    const body = parseOrThrow(gateHourCorrectionSchema, req.body ?? {});
    const result = await committer.submit({
      type: 'attendance.correct',
      gateId,
      venueId: venue.id,
      hour,
      entries: body.entries,
      exits: body.exits,
      reason: body.reason,
      at: now().toISOString(),
      actor: req.actor!.name,
    });
    res.json({ gateId, venueId: venue.id, hour, before: result.before, after: result.after, reason: body.reason, seq: result.seq });
  };
}
