import { Router } from 'express';
import { fleetRequestSchema } from '../../shared/fleet-schemas.js';
import { requirePermission } from '../auth/middleware.js';
import { parseOrThrow } from '../http/errors.js';
import type { FleetPeers } from './peers.js';
import type { FleetRegistry } from './registry.js';

export function fleetRoutes(registry: FleetRegistry, peers: FleetPeers, liveSeq: () => number): Router {
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
    const here = await registry.command(request);
    res.json({ reached: here + (await peers.commanded(request)) });
  });

  return router;
}
