import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveNamespace } from '../live/hub.js';
import { ALERT_KINDS, type Alert } from '../../shared/alerts.js';
import type { ScreenInfo } from '../../shared/fleet.js';

export interface OpsGauges {
  venues(): Array<{ id: string; onSite: number; capacity: number }>;
  screens(): ScreenInfo[];
  gateReports(): Record<string, string>;
  openAlerts(): Alert[];
  now(): number;
}
import type { Store } from '../store/types.js';
import type { Change, WriteOp, WriteResult } from '../store/operations.js';

/** Screen kinds a client may announce with `?kind=`; anything else is counted as "other". */
const SCREEN_KINDS = new Set(['dashboard', 'display', 'public', 'staff']);

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Items an operation brings in: a signing is one, a device batch is many. */
function itemCount(op: WriteOp): number {
  return 'items' in op ? op.items.length : 1;
}

/**
 * Prometheus metrics of one instance. Each app has its own registry (no prom-client global),
 * so that several instances in one process, as in the tests, do not mix their figures.
 */
export class PavilionMetrics {
  readonly registry = new Registry();
  readonly #commitSeconds = new Histogram({
    name: 'pavilion_store_commit_seconds',
    help: 'Duration of one group commit (one database transaction)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly #ops = new Counter({
    name: 'pavilion_ingest_ops_total',
    help: 'Write operations by type and outcome (result type, or error)',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });
  readonly #items = new Counter({
    name: 'pavilion_ingest_items_total',
    help: 'Signings, gate counts and badge scans received, by operation type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly #changes = new Counter({
    name: 'pavilion_changes_applied_total',
    help: 'Changes applied to the live figures (rate() of it is the events per second)',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly #broadcastSeconds = new Histogram({
    name: 'pavilion_broadcast_latency_seconds',
    help: 'From a change being written to this instance applying it and queuing its frame for the screens',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** `now` is the app's clock: the one that stamped each change's `at`. */
  constructor(private readonly now: () => Date) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pavilion_' });
  }

  /** Counts connected screens at scrape time, so that no connect or disconnect can be missed. */
  watchSockets(nsp: LiveNamespace): void {
    new Gauge({
      name: 'pavilion_connected_sockets',
      help: 'Sockets connected to this instance, by the kind of screen they announced',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const socket of nsp.sockets.values()) {
          const kind = String(socket.handshake.query.kind ?? '');
          this.inc({ kind: SCREEN_KINDS.has(kind) ? kind : 'other' });
        }
      },
    });
  }

  /** Frames a hub held back from screens that were behind, read at scrape time. */
  watchSkippedFrames(hub: { readonly framesSkipped: number }): void {
    new Gauge({
      name: 'pavilion_live_frames_skipped',
      help: 'Frames not sent to a screen whose connection was too far behind (it resyncs from a snapshot), since start',
      registers: [this.registry],
      collect() {
        this.set(hub.framesSkipped);
      },
    });
  }

  /**
   * What the operations board shows, read at scrape time: venues against capacity, this
   * instance's screens by state, the age of each gate's last report, open alerts by kind.
   */
  watchOps(ops: OpsGauges): void {
    const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge) => void) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect() {
          this.reset();
          fill(this);
        },
      });
    gauge('pavilion_venue_on_site', 'People on site now, by venue', ['venue'], (g) => ops.venues().forEach((v) => g.set({ venue: v.id }, v.onSite)));
    gauge('pavilion_venue_capacity', 'People a venue may hold at once', ['venue'], (g) => ops.venues().forEach((v) => g.set({ venue: v.id }, v.capacity)));
    gauge('pavilion_screens', "Screens this instance serves, by venue ('-' for none) and state", ['venue', 'state'], (g) => {
      for (const s of ops.screens()) g.inc({ venue: s.venue ?? '-', state: s.status });
    });
    gauge('pavilion_gate_last_report_age_seconds', 'Seconds since the last report of each gate heard of', ['gate'], (g) => {
      const now = ops.now();
      for (const [gate, at] of Object.entries(ops.gateReports())) g.set({ gate }, Math.max(0, (now - Date.parse(at)) / 1000));
    });
    gauge('pavilion_alerts_open', 'Open alerts, by kind', ['kind'], (g) => {
      for (const kind of ALERT_KINDS) g.set({ kind }, 0);
      for (const a of ops.openAlerts()) g.inc({ kind: a.kind });
    });
  }

  /** The same store, with commits timed and counted. */
  instrumentStore(store: Store): Store {
    const commit = async (ops: WriteOp[]): Promise<Array<WriteResult | Error>> => {
      const stop = this.#commitSeconds.startTimer();
      try {
        const results = await store.commit(ops);
        ops.forEach((op, i) => {
          const result = results[i];
          this.#ops.inc({ type: op.type, outcome: result instanceof Error || !result ? 'error' : result.type });
          this.#items.inc({ type: op.type }, itemCount(op));
        });
        return results;
      } finally {
        stop();
      }
    };
    return new Proxy(store, { get: (target, key) => (key === 'commit' ? commit : Reflect.get(target, key)) });
  }

  /** Wraps the hub for the change feed: every applied change is counted and its latency observed. */
  observeApply<T extends { readonly seq: number; apply(changes: Change[]): void }>(target: T) {
    return {
      get seq() {
        return target.seq;
      },
      apply: (changes: Change[]) => {
        target.apply(changes);
        const now = this.now().getTime();
        for (const change of changes) {
          this.#changes.inc({ type: change.type });
          const at = Date.parse(change.at);
          if (Number.isFinite(at)) this.#broadcastSeconds.observe(Math.max(0, now - at) / 1000);
        }
      },
    };
  }
}
