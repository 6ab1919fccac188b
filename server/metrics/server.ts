import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` and nothing else, for a listener of its own: the figures (and the process
 * details in the default metrics) stay off the public port. Routing is exact, so neither
 * `/METRICS` nor `/metrics/` answers.
 */
export function metricsHandler(registry: Registry): http.RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return app;
}

export interface MetricsServer {
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/** Loopback only unless told otherwise: a scraper runs on the same host (or in the same pod). */
export function listenMetrics(handler: http.RequestListener, port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
