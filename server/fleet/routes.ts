import { Router, type Request } from 'express';
import type { EventConfig } from '../../shared/event-config.js';
import { fleetRequestSchema, pairRequestSchema, scheduleRequestSchema, type FleetTarget } from '../../shared/fleet-schemas.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { AccountStore } from '../store/types.js';
import { issueDisplayToken, localPairingLimits, type PairingLimits } from './pairing.js';
import { addAnswers, type FleetPeers } from './peers.js';
import { pinnedScreenId, type FleetRegistry } from './registry.js';
import { targetKey } from './resolve.js';

export interface FleetRouteDeps {
  registry: FleetRegistry;
  peers: FleetPeers;
  liveSeq: () => number;
  accounts: AccountStore;
  event: EventConfig;
  now: () => number;
  /** This instance's own wrong-code limits when absent. */
  guard?: PairingLimits;
}

function checkVenue(event: EventConfig, venueId: string | null | undefined, field: string): void {
  if (venueId && !event.venues.some((v) => v.id === venueId)) throw new HttpError('invalid_request', 'unknown venue', { [field]: 'unknown venue' });
}

function checkTarget(event: EventConfig, target: FleetTarget): void {
  if (target.type === 'venue') checkVenue(event, target.id, 'target.id');
}

export function fleetRoutes({ registry, peers, liveSeq, accounts, event, now, guard = localPairingLimits() }: FleetRouteDeps): Router {
  const router = Router();
  router.use('/fleet', requirePermission('fleet:manage'));

  router.get('/fleet/screens', async (_req, res) => {
    res.json({ items: [...registry.list(), ...(await peers.screens())], liveSeq: liveSeq() });
  });

  router.get('/fleet/assignments', (_req, res) => {
    res.json({ items: registry.assignments() });
  });

  router.post('/fleet/commands', async (req, res) => {
    const request = parseOrThrow(fleetRequestSchema, req.body);
    const { kind } = request.command;
    if ((kind === 'rename' || kind === 'forget') && request.target.type !== 'screen') {
      throw new HttpError('invalid_request', `${kind} applies to one screen`, { 'target.type': 'must be screen' });
    }
    if (kind === 'forget' && request.target.type === 'screen' && request.target.id.startsWith(pinnedScreenId(''))) {
      // A forgotten paired screen must pair again: its token stops working first.
      await accounts.revokeToken(request.target.id.slice(pinnedScreenId('').length), new Date(now()).toISOString());
    }
    const here = await registry.command(request);
    res.json(addAnswers(here, await peers.commanded(request)));
  });

  router.put('/fleet/schedules', async (req, res) => {
    const { target, schedule } = parseOrThrow(scheduleRequestSchema, req.body);
    checkTarget(event, target);
    schedule?.ranges.forEach((r, i) => {
      if (r.day !== null && (r.day < event.dates.start || r.day > event.dates.end)) {
        throw new HttpError('invalid_request', 'a day outside the event', { [`schedule.ranges.${i}.day`]: `not between ${event.dates.start} and ${event.dates.end}` });
      }
      checkVenue(event, r.profile.venue, `schedule.ranges.${i}.profile.venue`);
    });
    const key = targetKey(target);
    const here = await registry.schedule(key, schedule);
    res.json(addAnswers(here, await peers.commanded({ target, command: { kind: 'profile' } })));
  });

  router.post('/fleet/pair', async (req: Request, res) => {
    const who = req.actor!.name;
    const wait = await guard.waitMs(who, now());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      res.setHeader('Retry-After', String(seconds));
      throw new HttpError('rate_limited', `too many wrong pairing codes; try again in ${seconds} s`);
    }
    const input = parseOrThrow(pairRequestSchema, req.body);
    checkVenue(event, input.venueId, 'venueId');
    checkVenue(event, input.profile?.venue, 'profile.venue');
    // The screen may be connected to another instance than this request.
    if (!registry.showsCode(input.code) && !(await peers.showsCode(input.code))) {
      await guard.failed(who, now());
      throw new HttpError('not_found', 'no screen shows this code (codes expire after 10 minutes)', { code: 'no screen shows this code' });
    }
    const { id, token } = await issueDisplayToken(accounts, { name: input.name, venueId: input.venueId, createdBy: who, at: now() });
    const screenId = pinnedScreenId(id);
    if (input.profile) {
      const target = { type: 'screen', id: screenId } as const;
      await registry.command({ target, command: { kind: 'profile', profile: input.profile } });
      // Read by the instance the screen comes back to, before it registers as the paired screen.
      await peers.commanded({ target, command: { kind: 'profile' } });
    }
    const message = { token, screenId, name: input.name, venue: input.venueId };
    // The code may have expired or its page left while the token was written.
    if (!registry.pair(input.code, message) && !(await peers.pair(input.code, message))) {
      await accounts.revokeToken(id, new Date(now()).toISOString());
      throw new HttpError('not_found', 'the screen left before it was paired', { code: 'no screen shows this code' });
    }
    res.status(201).json({ screenId, tokenId: id, name: input.name, venueId: input.venueId });
  });

  return router;
}
