import { randomUUID } from 'node:crypto';
import { ALERT_SEVERITY, type Alert, type AlertThresholds } from '../../shared/alerts.js';
import type { AlertStore } from '../store/alert-types.js';
import type { Verdict } from './rules.js';

export interface AlertCenterDeps {
  store: AlertStore;
  now: () => Date;
  thresholds: () => AlertThresholds;
  /** Tells every instance's `/ops` sockets of a transition this instance made. */
  publish: (event: 'raised' | 'cleared' | 'acked', alert: Alert) => void;
  onError: (message: string, error: unknown) => void;
}

const key = (kind: string, subject: string) => `${kind}|${subject}`;

/** Open alerts the API lists at most; far above what an expo has open at once. */
const OPEN_LIMIT = 1000;

/**
 * Turns verdicts into stored alerts. It remembers which alerts are open (from the store, and
 * from its own transitions), so that the many evaluations that change nothing cost no write.
 * Writes for one kind and subject run one after the other, the latest verdict winning; a
 * write the store refused (it may be the very failure the alert is about) is retried on the
 * next `refresh`, and meanwhile the alert is listed and pushed from memory.
 */
export class AlertCenter {
  /** Open alerts as this instance last saw them. */
  #open = new Map<string, Alert>();
  /** Raised here while the store would not take it: listed and pushed, stored once it can be. */
  #unsaved = new Set<string>();
  #wanted = new Map<string, Verdict>();
  #chains = new Map<string, Promise<void>>();
  #retry = new Set<string>();

  constructor(private readonly deps: AlertCenterDeps) {}

  /** Reads the open alerts from the store (other instances raise and clear too), then retries failed writes. */
  async refresh(): Promise<void> {
    const stored = await this.deps.store.list('open', OPEN_LIMIT);
    const open = new Map(stored.map((a) => [key(a.kind, a.subject), a]));
    for (const k of this.#unsaved) {
      const a = this.#open.get(k);
      if (a && !open.has(k)) open.set(k, a);
    }
    this.#open = open;
    const again = [...this.#retry];
    this.#retry.clear();
    await Promise.all(again.map((k) => this.#reconcile(k)));
  }

  open(): Alert[] {
    return [...this.#open.values()].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  }

  /** Alerts raised here that the store has not taken yet (listed with the stored ones). */
  unsaved(): Alert[] {
    return [...this.#unsaved].flatMap((k) => this.#open.get(k) ?? []);
  }

  /** Applies verdicts; resolves when their writes are done. */
  apply(verdicts: Verdict[]): Promise<void> {
    return Promise.all(verdicts.map((v) => this.#want(v))).then(() => undefined);
  }

  async ack(id: string, actor: string): Promise<Alert | undefined> {
    const alert = await this.deps.store.ack(id, actor, this.deps.now().toISOString());
    if (!alert) return undefined;
    if (alert.clearedAt === null) this.#open.set(key(alert.kind, alert.subject), alert);
    this.deps.publish('acked', alert);
    return alert;
  }

  #want(v: Verdict): Promise<void> {
    const k = key(v.kind, v.subject);
    const before = this.#wanted.get(k);
    this.#wanted.set(k, v);
    const settled = this.#open.has(k) === v.open;
    if (settled && (!before || before.open === v.open) && !this.#chains.has(k)) return Promise.resolve();
    return this.#reconcile(k);
  }

  /** Queues a write bringing the alert to the latest verdict; writes of one key never overlap. */
  #reconcile(k: string): Promise<void> {
    const previous = this.#chains.get(k) ?? Promise.resolve();
    const next = previous.then(() => this.#write(k));
    this.#chains.set(k, next);
    void next.finally(() => {
      if (this.#chains.get(k) === next) this.#chains.delete(k);
    });
    return next;
  }

  async #write(k: string): Promise<void> {
    const v = this.#wanted.get(k);
    if (!v) return;
    const at = this.deps.now().toISOString();
    const t = this.deps.thresholds();
    try {
      if (v.open && (!this.#open.has(k) || this.#unsaved.has(k))) {
        const local = this.#open.get(k);
        const { alert, changed } = await this.deps.store.raise({
          id: local?.id ?? randomUUID(),
          kind: v.kind,
          subject: v.subject,
          severity: ALERT_SEVERITY[v.kind],
          message: v.message,
          at: local?.raisedAt ?? at,
          reopenSince: new Date(Date.parse(at) - t.reopenWindowSeconds * 1000).toISOString(),
        });
        const wasUnsaved = this.#unsaved.delete(k);
        this.#open.set(k, alert);
        if (changed && !wasUnsaved) this.deps.publish('raised', alert);
      } else if (!v.open && this.#open.has(k)) {
        if (this.#unsaved.has(k)) {
          // Store the raise first: the receivers hear of it, and of its end.
          this.#wanted.set(k, { ...v, open: true });
          await this.#write(k);
          this.#wanted.set(k, v);
          if (this.#unsaved.has(k)) throw new Error('the store does not take the raise yet');
        }
        const cleared = await this.deps.store.clear(v.kind, v.subject, at, t.reopenWindowSeconds * 1000);
        this.#open.delete(k);
        if (cleared) this.deps.publish('cleared', cleared);
      }
    } catch (error) {
      this.#retry.add(k);
      if (v.open && !this.#open.has(k)) {
        const alert: Alert = { id: randomUUID(), kind: v.kind, severity: ALERT_SEVERITY[v.kind], subject: v.subject, message: v.message, raisedAt: at, clearedAt: null, ackedBy: null, ackedAt: null };
        this.#open.set(k, alert);
        this.#unsaved.add(k);
        this.deps.publish('raised', alert);
      }
      this.deps.onError(`could not store the ${v.kind} alert of ${v.subject}`, error);
    }
  }
}
