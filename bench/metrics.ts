/**
 * The server's event-loop delay, read from outside through its Prometheus /metrics on the
 * metrics port (`ServerProcess.metricsUrl`; prom-client's default metrics). prom-client resets the delay histogram at every scrape,
 * so a scrape at the start of a phase and one at its end give the delay over the phase.
 */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function gauge(text: string, name: string): number | undefined {
  const match = new RegExp(`^(?:\\w+_)?${name} ([0-9.eE+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

async function scrape(metricsUrl: string | undefined): Promise<string | undefined> {
  if (!metricsUrl) return undefined;
  const res = await fetch(`${metricsUrl}/metrics`).catch(() => undefined);
  return res?.ok ? res.text() : undefined;
}

/** Starts a measurement; `undefined` when the server has no /metrics. */
export async function startEventLoopDelay(metricsUrl: string | undefined): Promise<(() => Promise<EventLoopDelay | undefined>) | undefined> {
  if ((await scrape(metricsUrl)) === undefined) return undefined;
  return async () => {
    const text = await scrape(metricsUrl);
    if (!text) return undefined;
    const ms = (name: string) => Math.round((gauge(text, name) ?? NaN) * 1e5) / 100;
    return { p50Ms: ms('nodejs_eventloop_lag_p50_seconds'), p99Ms: ms('nodejs_eventloop_lag_p99_seconds'), maxMs: ms('nodejs_eventloop_lag_max_seconds') };
  };
}

/** Heap in use, heap V8 holds from the system, and memory outside the heap (Buffers, sockets), as the server reports them. */
export async function memoryGauges(metricsUrl: string | undefined): Promise<{ heapUsedMB: number; heapTotalMB: number; externalMB: number } | undefined> {
  const text = await scrape(metricsUrl);
  if (!text) return undefined;
  const mb = (name: string) => Math.round(((gauge(text, name) ?? NaN) / 2 ** 20) * 10) / 10;
  return { heapUsedMB: mb('nodejs_heap_size_used_bytes'), heapTotalMB: mb('nodejs_heap_size_total_bytes'), externalMB: mb('nodejs_external_memory_bytes') };
}
