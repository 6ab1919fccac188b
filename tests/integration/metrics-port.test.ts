import { afterEach, describe, expect, it } from 'vitest';
import { memoryGauges, startEventLoopDelay } from '../../bench/metrics.js';
import { issueToken, postSigning, startServer, type TestServer } from '../support/server.js';

let servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const status = async (url: string) => (await fetch(url)).status;

describe('metrics', () => {
  it('are not served on the public port, under any spelling', async () => {
    const server = await startServer();
    servers.push(server);
    for (const p of ['/metrics', '/METRICS', '/Metrics', '/metrics/', '/api/v1/metrics']) expect({ p, status: await status(server.url + p) }).toEqual({ p, status: 404 });
    // Probes answer their exact path only, so a proxy rule on them cannot be side-stepped either.
    expect(await status(`${server.url}/readyz`)).toBe(200);
    for (const p of ['/READYZ', '/readyz/', '/Healthz']) expect({ p, status: await status(server.url + p) }).toEqual({ p, status: 404 });
  });

  it('are served on a port of their own, on 127.0.0.1, at exactly /metrics, one registry per app', async () => {
    const [a, b] = [await startServer(), await startServer()];
    servers.push(a, b);
    const address = await a.pavilion.listenMetrics(0);
    expect(address.address).toBe('127.0.0.1');
    const metricsUrl = `http://127.0.0.1:${address.port}`;
    for (const p of ['/METRICS', '/metrics/', '/', '/readyz', '/api/v1/summary']) expect({ p, status: await status(metricsUrl + p) }).toEqual({ p, status: 404 });

    await postSigning(a.url, await issueToken(a.url, 'staff'));
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/pavilion_ingest_ops_total\{type="signing.create",outcome="signing.created"\} 1/);
    const other = await (await fetch(`http://127.0.0.1:${(await b.pavilion.listenMetrics(0)).port}/metrics`)).text();
    expect(other).not.toMatch(/outcome="signing.created"/);
  });

  it('is what the benchmark reads', async () => {
    const server = await startServer();
    servers.push(server);
    const metricsUrl = `http://127.0.0.1:${(await server.pavilion.listenMetrics(0)).port}`;
    const stop = await startEventLoopDelay(metricsUrl);
    expect(stop).toBeDefined();
    expect((await stop!())?.p99Ms).toBeGreaterThanOrEqual(0);
    expect((await memoryGauges(metricsUrl))?.heapUsedMB).toBeGreaterThan(0);
    expect(await startEventLoopDelay(undefined)).toBeUndefined();
  });

  it('stop with the app', async () => {
    const server = await startServer();
    const { port } = await server.pavilion.listenMetrics(0);
    await server.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
