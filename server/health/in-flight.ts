import type { RequestHandler } from 'express';

/**
 * Counts HTTP requests being answered, so that shutdown can let the ones already accepted
 * finish (and their writes be acknowledged) before the connections are cut.
 */
export function inFlightRequests(): { middleware: RequestHandler; idle(timeoutMs: number): Promise<void> } {
  let active = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (active > 0) return;
    waiters.forEach((resolve) => resolve());
    waiters = [];
  };
  return {
    middleware(_req, res, next) {
      active += 1;
      res.once('close', () => {
        active -= 1;
        settle();
      });
      next();
    },
    idle(timeoutMs) {
      if (active === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
