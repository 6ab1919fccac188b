import type { AlertStore, OutboxItem } from '../store/alert-types.js';
import { accepted, outgoing } from './formats.js';

export interface DeliveryOptions {
  /** How often the outbox is read for due deliveries (real time). */
  pollMs: number;
  /** The first retry waits this long (on the injected clock), doubling up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Attempts in all; then the delivery is `failed`. */
  attempts: number;
  /** A claimed delivery is left to this worker for so long; after it another instance may take it. */
  leaseMs: number;
  /** One request's time limit (real time). */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  pollMs: 1000,
  backoffMs: 10_000,
  maxBackoffMs: 15 * 60_000,
  attempts: 10,
  leaseMs: 60_000,
  timeoutMs: 10_000,
};

/** Deliveries sent at once by one worker. */
const BATCH = 20;
const ANSWER_CHARS = 500;

/** Waiting time before attempt `n + 1`, after `n` failed attempts. */
export function backoff(failed: number, o: Pick<DeliveryOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(o.backoffMs * 2 ** Math.max(0, failed - 1), o.maxBackoffMs);
}

/**
 * Sends the outbox: every delivery due on the injected clock, at least once (a delivery is
 * marked only after its answer, so a crash in between sends it again), retried with backoff
 * up to a limit. Several instances share the outbox through leases.
 */
export class DeliveryWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly store: AlertStore,
    private readonly now: () => Date,
    private readonly options: DeliveryOptions,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Sends what is due now; calls never overlap. */
  tick(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#running ??= this.#sendDue()
      .catch((error) => this.onError('webhook deliveries failed', error))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #sendDue(): Promise<void> {
    const now = this.now().getTime();
    const due = await this.store.claimDeliveries(new Date(now).toISOString(), new Date(now + this.options.leaseMs).toISOString(), BATCH);
    await Promise.all(due.map((item) => this.#send(item)));
  }

  async #send(item: OutboxItem): Promise<void> {
    const nowMs = this.now().getTime();
    const request = outgoing(item.webhook.format, item.webhook.url, item.webhook.secret, item.alert, item.transition, nowMs);
    let status: number | null = null;
    let answer: string;
    try {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      answer = (await res.text()).slice(0, ANSWER_CHARS);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      answer = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    }
    const ok = status !== null && accepted(item.webhook.format, status, answer);
    const attempt = item.attempts + 1;
    const at = this.now().getTime();
    const outcome = ok
      ? ({ state: 'delivered' } as const)
      : attempt >= this.options.attempts
        ? ({ state: 'failed' } as const)
        : ({ state: 'pending', nextAttemptAt: new Date(at + backoff(attempt, this.options)).toISOString() } as const);
    await this.store.recordAttempt(item.id, { attempt, at: new Date(at).toISOString(), status, ok, answer }, outcome);
  }
}
