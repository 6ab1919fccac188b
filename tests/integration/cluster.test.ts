import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_NAMESPACE, FleetEvents, type ScreenState } from '../../shared/fleet.js';
import { summarize } from '../../shared/summary.js';
import { sessionOf } from './staff-support.js';
import { openTestStore } from '../support/postgres.js';
import {
  ClusterUnderTest,
  RecordingScreen,
  TcpBalancer,
  clusterBackendsUp,
  eventually,
  killRedisConnections,
  redisCommand,
  startInstance,
  type Instance,
} from '../support/cluster.js';
import { closeAfterEach } from '../support/teardown.js';
import { defaultEvent, issueToken, postSigning, sampleSigning, waitFor } from '../support/server.js';

const cluster = new ClusterUnderTest('pavilion_cluster');
const closing = closeAfterEach(() => cluster.stop());
/** The running test's balancer, which some tests take an instance out of. */
let balancer: TcpBalancer | undefined;

beforeAll(clusterBackendsUp);

async function startCluster(n: number, pollMs?: number, now?: () => Date): Promise<string> {
  await cluster.start(n, pollMs, now);
  balancer = closing(new TcpBalancer(cluster.instances.map((i) => i.port)));
  return balancer.listen();
}

async function openScreens(url: string, n: number): Promise<RecordingScreen[]> {
  const made = Array.from({ length: n }, () => closing(new RecordingScreen(url)));
  await eventually(() => made.every((s) => s.snapshots > 0), 5000, 'snapshots');
  return made;
}

/** Posts `n` signings spread over the given instances, a few at a time; returns the acknowledged seqs. */
async function writeThrough(targets: Instance[], token: string, n: number, parallel = 6): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, n - i) }, (_, j) => {
      const target = targets[(i + j) % targets.length]!;
      return postSigning(target.url, token, sampleSigning({ amount: 1e6 + i + j }));
    });
    for (const { res, body } of await Promise.all(batch)) {
      expect(res.status).toBe(201);
      seqs.push(body.seq as number);
    }
  }
  return seqs.sort((a, b) => a - b);
}

async function databaseSummary() {
  const store = openTestStore(cluster.schema);
  try {
    const summary = summarize(await store.countedSignings(), defaultEvent().timeZone);
    return { signings: summary.signings, byVenue: summary.byVenue, seq: await store.lastSeq() };
  } finally {
    await store.close();
  }
}

describe('several instances on PostgreSQL and Redis', () => {
  it('delivers writes through every instance to every screen exactly once, in seq order', async () => {
    // Without the poll, so that the commit notices over Redis alone must carry the changes across.
    const url = await startCluster(3, 60_000);
    const token = await issueToken(cluster.instances[0]!.url, 'staff');
    const all = await openScreens(url, 6);
    expect(cluster.instances.map((i) => i.pavilion.io.of('/live').sockets.size)).toEqual([2, 2, 2]);

    const seqs = await writeThrough(cluster.instances, token, 60);
    const last = seqs.at(-1)!;
    await eventually(() => all.every((s) => s.lastSeq === last), 3000, 'every screen at the last seq');

    for (const screen of all) {
      expect(screen.gaps).toBe(0);
      expect(screen.seen).toEqual(seqs);
    }
    const db = await databaseSummary();
    expect(db.seq).toBe(last);
    for (const { pavilion } of cluster.instances) {
      expect(pavilion.hub.summary.seq).toBe(db.seq);
      expect(pavilion.hub.summary.signings).toEqual(db.signings);
      expect(pavilion.hub.summary.byVenue).toEqual(db.byVenue);
    }
    for (const screen of all) expect(screen.summary?.signings).toEqual(db.signings);
  });

  it('answers health, readiness and metrics probes', async () => {
    await startCluster(2);
    const [a, b] = cluster.instances as [Instance, Instance];
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${a.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    const token = await issueToken(a.url, 'staff');
    await writeThrough([a], token, 2);
    expect((await fetch(`${a.url}/metrics`)).status).toBe(404);
    const metricsPort = (await a.pavilion.listenMetrics(0)).port;
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/pavilion_ingest_ops_total\{type="signing.create",outcome="signing.created"\} 2/);
    expect(metrics).toMatch(/pavilion_store_commit_seconds_count \d+/);
    expect(metrics).toMatch(/pavilion_broadcast_latency_seconds_count 2/);
    await eventually(() => b.pavilion.hub.summary.signings.count === 2, 3000, 'b caught up');
    await b.pavilion.close();
    cluster.instances = [a];
    expect((await fetch(`${b.url}/healthz`).catch(() => undefined))?.status).toBeUndefined();
  });

  it('moves the screens of a killed instance to the others with exact totals, losing no acknowledged write', async () => {
    const url = await startCluster(3);
    const token = await issueToken(cluster.instances[0]!.url, 'staff');
    const all = await openScreens(url, 6);
    const [victim, ...survivors] = cluster.instances as [Instance, Instance, Instance];
    const orphans = all.filter((s) => victim.pavilion.io.of('/live').sockets.has(s.socket.id!));
    expect(orphans).toHaveLength(2);

    const before = await writeThrough(cluster.instances, token, 30);
    // Writes to the victim race with its death: only the acknowledged ones must survive.
    const racing = Array.from({ length: 10 }, (_, i) => postSigning(victim.url, token, sampleSigning({ amount: 1e6 + 7 + i })).catch(() => undefined));
    balancer!.remove(victim.port);
    await victim.kill();
    cluster.instances = survivors;
    const acknowledged = (await Promise.all(racing)).filter((r) => r?.res.status === 201).length;
    const after = await writeThrough(survivors, token, 30);

    const db = await databaseSummary();
    expect(db.signings.count).toBe(before.length + acknowledged + after.length);
    await eventually(() => all.every((s) => s.lastSeq === db.seq && s.socket.connected), 10_000, 'screens caught up');
    for (const screen of orphans) expect(screen.snapshots).toBeGreaterThanOrEqual(2);
    for (const screen of all) expect(screen.summary?.signings).toEqual(db.signings);
    for (const { pavilion } of survivors) expect(pavilion.hub.summary.signings).toEqual(db.signings);
  });

  it('shuts down gracefully: writes in flight are answered, screens move on at once', async () => {
    const url = await startCluster(2);
    const token = await issueToken(cluster.instances[0]!.url, 'staff');
    const all = await openScreens(url, 4);
    const [leaving, staying] = cluster.instances as [Instance, Instance];
    const movers = all.filter((s) => leaving.pavilion.io.of('/live').sockets.has(s.socket.id!));
    const reasons: string[] = [];
    movers.forEach((s) => s.socket.once('disconnect', (reason) => reasons.push(reason)));

    const inFlight = Array.from({ length: 20 }, (_, i) =>
      postSigning(leaving.url, token, sampleSigning({ amount: 1e6 + 100 + i })).then(
        (value) => ({ status: 'fulfilled' as const, value }),
        () => ({ status: 'rejected' as const }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    balancer!.remove(leaving.port);
    await leaving.pavilion.close();
    cluster.instances = [staying];
    const answers = await Promise.all(inFlight);
    const acknowledged = answers.filter((a) => a.status === 'fulfilled' && a.value.res.status === 201).length;
    // Every request either got its 201 or never reached the server; none was cut off with a 5xx.
    for (const a of answers) if (a.status === 'fulfilled') expect(a.value.res.status).toBe(201);

    const db = await databaseSummary();
    expect(db.signings.count).toBe(acknowledged);
    expect(reasons).toEqual(movers.map(() => 'transport close'));
    // A fresh snapshot, not a restored session: the Redis stream holds none of the frames.
    await eventually(() => movers.every((s) => s.snapshots === 2), 10_000, 'snapshots after the move');
    await eventually(() => all.every((s) => s.socket.connected && s.lastSeq === db.seq), 10_000, 'screens moved');
    for (const screen of all) expect(screen.summary?.signings).toEqual(db.signings);
  });

  it('keeps every screen complete while Redis connections keep dropping', async () => {
    const url = await startCluster(3);
    const token = await issueToken(cluster.instances[0]!.url, 'staff');
    const all = await openScreens(url, 6);
    let writing = true;
    const writer = (async () => {
      const seqs: number[] = [];
      while (writing) seqs.push(...(await writeThrough([cluster.instances[0]!], token, 3, 3)));
      return seqs;
    })();
    // For two seconds the other two instances lose Redis again and again, as during a restart.
    const names = cluster.instances.slice(1).map((i) => i.name);
    let killed = 0;
    for (const until = Date.now() + 2000; Date.now() < until; ) {
      killed += await killRedisConnections(names);
      await new Promise((r) => setTimeout(r, 200));
    }
    writing = false;
    const seqs = await writer;
    expect(killed).toBeGreaterThan(0);

    const last = seqs.at(-1)!;
    await eventually(() => all.every((s) => s.lastSeq === last), 10_000, 'every screen at the last seq');
    const db = await databaseSummary();
    for (const screen of all) {
      expect(screen.gaps).toBe(0);
      expect(screen.seen).toEqual(seqs);
      expect(screen.summary?.signings).toEqual(db.signings);
    }
    for (const { pavilion } of cluster.instances) expect(await pavilion.hub.summary.signings).toEqual(db.signings);
  });

  it('folds attendance written through every instance into the same exact figures everywhere', async () => {
    const noon = () => new Date('2024-06-20T12:00:00+08:00');
    const all = await openScreens(await startCluster(3, 1000, noon), 6);
    const token = await issueToken(cluster.instances[0]!.url, 'device', { venueId: 'v1' });
    // 90 scans of 30 badges, each badge seen through all three instances.
    const posts = cluster.instances.flatMap((target, t) =>
      Array.from({ length: 3 }, (_, round) =>
        fetch(`${target.url}/api/v1/attendance/scans`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            scans: Array.from({ length: 10 }, (_, b) => ({
              badgeId: `badge-${round * 10 + b}`,
              gateId: 'v1-g1',
              at: `2024-06-20T11:${String(10 + t * 10 + round).padStart(2, '0')}:${String(b).padStart(2, '0')}+08:00`,
              direction: 'in',
            })),
          }),
        }),
      ),
    );
    for (const res of await Promise.all(posts)) expect(res.status).toBe(202);

    // A fresh instance builds its figures from the database alone: that is the reference.
    const reference = await cluster.add(`${cluster.prefix}-ref`, 1000, noon);
    const expected = reference.pavilion.hub.summary.attendance;
    expect(expected?.byVenue.v1).toMatchObject({ entriesToday: 90 });
    const lastSeq = reference.pavilion.hub.summary.seq;
    await eventually(() => all.every((s) => s.lastSeq === lastSeq), 10_000, 'screens at the last seq');
    for (const { pavilion } of cluster.instances) expect(pavilion.hub.summary.attendance).toEqual(expected);
    for (const screen of all) {
      expect(screen.gaps).toBe(0);
      expect(screen.summary?.attendance).toEqual(expected);
      // Coalesced: far fewer frames than the nine writes.
      expect(screen.attendanceFrames).toBeLessThan(9);
    }
  });

  it('starts an instance in the middle of a stream of writes with figures equal to the database', async () => {
    await startCluster(1);
    const token = await issueToken(cluster.instances[0]!.url, 'staff');
    let writing = true;
    const writer = (async () => {
      while (writing) await writeThrough([cluster.instances[0]!], token, 4, 4);
    })();
    await new Promise((r) => setTimeout(r, 300));
    const late = await cluster.add(`${cluster.prefix}-late`);
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writer;
    const db = await databaseSummary();
    await eventually(() => late.pavilion.hub.summary.seq === db.seq, 5000, 'late instance caught up');
    expect(late.pavilion.hub.summary.signings).toEqual(db.signings);
    expect(late.pavilion.hub.summary.byVenue).toEqual(db.byVenue);
  });

  it('migrates one schema when four stores start on an empty one at the same moment', async () => {
    cluster.fresh();
    const stores = [0, 1, 2, 3].map(() => openTestStore(cluster.schema));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      expect(await Promise.all(stores.map((s) => s.lastSeq()))).toEqual([0, 0, 0, 0]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('lets two instances start on an empty schema at the same moment', async () => {
    cluster.fresh();
    const started = await Promise.allSettled([0, 1].map((i) => startInstance(cluster.schema, cluster.prefix, `${cluster.prefix}-${i}`)));
    for (const s of started) if (s.status === 'fulfilled') cluster.instances.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ok'))).toEqual(['ok', 'ok']);
    const token = await issueToken(cluster.instances[1]!.url, 'staff');
    const { res } = await postSigning(cluster.instances[0]!.url, token);
    expect(res.status).toBe(201);
  });
});

describe('the screen fleet across instances', () => {
  it('lists every instance\'s screens and delivers a command to a screen on another instance', async () => {
    await startCluster(2);
    const [a, b] = cluster.instances as [Instance, Instance];
    const screen = io(b.url + FLEET_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      await waitFor(screen, 'connect');
      const first = waitFor<ScreenState>(screen, FleetEvents.state);
      screen.emit(FleetEvents.register, {
        screenId: 'hall-b-1',
        name: 'Hall B door',
        venue: 'v2',
        resolution: { width: 3840, height: 2160 },
        build: 'test',
        uptimeSeconds: 1,
        lastSeq: 0,
        heapBytes: null,
      });
      await first;
      const admin = await sessionOf(a.url);
      const listed = (await admin.call('GET', '/api/v1/fleet/screens')).body as { items: Array<{ id: string }> };
      expect(listed.items.map((s) => s.id)).toContain('hall-b-1');

      const announced = waitFor<ScreenState>(screen, FleetEvents.state);
      const sent = await admin.call('POST', '/api/v1/fleet/commands', {
        target: { type: 'venue', id: 'v2' },
        command: { kind: 'announce', text: 'Hall B closes at 17:00 / B馆17:00闭馆', seconds: 60 },
      });
      // The test's socket does not confirm states as a display does.
      expect(sent.body).toEqual({ reached: 1, acknowledged: 0 });
      expect((await announced).announcement?.text).toBe('Hall B closes at 17:00 / B馆17:00闭馆');
    } finally {
      screen.disconnect();
    }
  });
});
