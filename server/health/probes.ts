import { Router } from 'express';
import type { Store } from '../store/types.js';

export interface ProbeDeps {
  store: Pick<Store, 'ping'>;
  /** Absent when the instance runs alone, without Redis. */
  cluster?: { ping(): Promise<void> };
  /** Commits failing (disk full, read-only database): a ping alone would still answer. */
  writes: { readonly failing: boolean };
  /** True once shutdown began: the load balancer should stop sending traffic here. */
  isStopping(): boolean;
}

const CHECK_TIMEOUT_MS = 2000;

async function check(probe: () => Promise<void>): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Probes for orchestrators and load balancers, outside /api/v1 and its authentication:
 * /healthz says the process serves HTTP, /readyz that it can serve screens and writes.
 * Metrics have their own server (server/metrics/server.ts).
 */
export function probeRoutes(deps: ProbeDeps): Router {
  // Exact paths: `/READYZ` or `/readyz/` must not reach a probe a proxy rule keeps private.
  const router = Router({ caseSensitive: true, strict: true });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([
      check(() => deps.store.ping()),
      deps.cluster ? check(() => deps.cluster!.ping()) : Promise.resolve(undefined),
    ]);
    const writesFailing = deps.writes.failing;
    const ready = !deps.isStopping() && database === 'ok' && redis !== 'down' && !writesFailing;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ok' : 'unavailable',
      checks: {
        database,
        ...(redis ? { redis } : {}),
        ...(writesFailing ? { writes: 'failing' } : {}),
        ...(deps.isStopping() ? { shutdown: 'in progress' } : {}),
      },
    });
  });
  return router;
}
