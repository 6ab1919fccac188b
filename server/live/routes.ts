import { Router } from 'express';
import type { LiveHub } from './hub.js';

export function summaryRoutes(hub: LiveHub): Router {
  const router = Router();
  router.get('/summary', (_req, res) => {
    res.json(hub.summary);
  });
  return router;
}
