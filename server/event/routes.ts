import { Router } from 'express';
import type { EventConfig } from '../../shared/event-config.js';

export function eventRoutes(event: EventConfig): Router {
  const router = Router();
  router.get('/event', (_req, res) => {
    res.json(event);
  });
  return router;
}
