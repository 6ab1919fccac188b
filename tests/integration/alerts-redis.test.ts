import { describe, expect, it } from 'vitest';
import { AlertCenter } from '../../server/alerts/center.js';
import { GateWatch } from '../../server/alerts/gates.js';
import { AlertWatch } from '../../server/alerts/watch.js';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Alert } from '../../shared/alerts.js';
import { defaultEvent, tempDir } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';

const closing = closeAfterEach();

describe('cluster.redis-down', () => {
  it('raised when this instance cannot reach Redis, cleared when it answers again', async () => {
    const store = closing(openSqliteStore(tempDir()));
    await store.migrate();
    const now = () => new Date('2024-06-20T20:00:00+08:00');
    const event = defaultEvent();
    const published: Array<[string, Alert]> = [];
    const center = new AlertCenter({ store: store.alerts, now, thresholds: () => watch.thresholds, publish: (e, a) => published.push([e, a]), onError: () => undefined });
    const gates = new GateWatch(store.alerts, now, () => event.timeZone, () => undefined, () => undefined);
    const redis = { up: true };
    const watch: AlertWatch = new AlertWatch({
      center,
      gates,
      event: () => event,
      now,
      instance: 'node-b',
      attendance: () => undefined,
      screens: async () => [],
      cluster: { ping: async () => (redis.up ? undefined : Promise.reject(new Error('Redis is not connected'))) },
      checkMs: 60_000,
      onError: () => undefined,
    });
    await watch.check();
    expect(await store.alerts.list('all', 10)).toEqual([]);

    redis.up = false;
    await watch.check();
    expect(await store.alerts.list('open', 10)).toEqual([expect.objectContaining({ kind: 'cluster.redis-down', subject: 'node-b', severity: 'critical' })]);
    expect(watch.health().redis).toBe('down');

    redis.up = true;
    await watch.check();
    expect(await store.alerts.list('open', 10)).toEqual([]);
    expect(published.map(([e, a]) => `${e} ${a.kind}`)).toEqual(['raised cluster.redis-down', 'cleared cluster.redis-down']);
  });
});
