import { Pool } from 'undici';
import { nowMs, sleep } from './clock.js';
import { newHistogram, percentilesMs, type Percentiles } from './histogram.js';
import { signingBody } from './payload.js';

export interface LoadTarget {
  url: string;
  path: string;
  /** Bearer token; the bare references accept any. */
  token: string;
  /** Phase tag written into every title, and part of every Idempotency-Key. */
  tag: string;
  /** Request body for request `n`; a signing stamped with its send time by default. */
  body?: (n: number, sentAt: number) => string;
  /** The status that means acknowledged: 201 for signings, 202 for attendance. */
  okStatus?: number;
  /** Items a successful answer acknowledged (batches); 1 per request by default. */
  itemsOf?: (responseText: string) => number;
}

export interface LoadResult {
  sent: number;
  acked: number;
  /** Items acknowledged: equal to `acked` except for batch requests. */
  items: number;
  itemsPerSecond: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  ackedPerSecond: number;
  /** Request sent to response received, in ms. */
  http: Percentiles;
  firstError?: string;
}

/** Keep-alive HTTP load through one undici Pool: closed loop (as fast as it answers) or fixed rate. */
export class LoadGenerator {
  readonly #pool: Pool;
  readonly #histogram = newHistogram();
  #sent = 0;
  #acked = 0;
  #items = 0;
  #errors = 0;
  #statuses: Record<string, number> = {};
  #firstError: string | undefined;
  #inFlight = 0;

  constructor(
    private readonly target: LoadTarget,
    private readonly connections: number,
  ) {
    this.#pool = new Pool(target.url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  get sent(): number {
    return this.#sent;
  }

  get acked(): number {
    return this.#acked;
  }

  get items(): number {
    return this.#items;
  }

  get errors(): number {
    return this.#errors;
  }

  /** `connections` requests in flight at all times until `durationMs` or `maxRequests`. */
  async closedLoop(durationMs: number, maxRequests = Number.MAX_SAFE_INTEGER): Promise<LoadResult> {
    const started = nowMs();
    const deadline = started + durationMs;
    const worker = async () => {
      while (nowMs() < deadline && this.#sent < maxRequests) await this.#one();
    };
    await Promise.all(Array.from({ length: this.connections }, worker));
    return this.#result(started);
  }

  /** Requests an open loop of `durationMs` at one every `intervalMs` sends, unless too many are in flight. */
  static planned(intervalMs: number, durationMs: number): number {
    return Math.max(1, Math.floor(durationMs / intervalMs));
  }

  /** One request every `intervalMs`, without waiting for answers (at most `connections` in flight). */
  async openLoop(intervalMs: number, durationMs: number): Promise<LoadResult> {
    const started = nowMs();
    const total = LoadGenerator.planned(intervalMs, durationMs);
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      // Due times from the start, so that a late timer does not shift every later request.
      const wait = started + i * intervalMs - nowMs();
      if (wait > 0) await sleep(wait);
      if (this.#inFlight < this.connections) pending.push(this.#one());
      else this.#count('skipped (too many in flight)');
    }
    await Promise.all(pending);
    return this.#result(started);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #one(): Promise<void> {
    const sentAt = nowMs();
    const n = ++this.#sent;
    this.#inFlight++;
    try {
      const res = await this.#pool.request({
        path: this.target.path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.target.token}`,
          'idempotency-key': `${this.target.tag}-${n}`,
        },
        body: this.target.body ? this.target.body(n, sentAt) : signingBody(this.target.tag, sentAt),
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await res.body.text();
      this.#histogram.recordValue(Math.max(1, Math.round((nowMs() - sentAt) * 1000)));
      this.#count(String(res.statusCode));
      if (res.statusCode === (this.target.okStatus ?? 201)) {
        this.#acked++;
        this.#items += this.target.itemsOf ? this.target.itemsOf(text) : 1;
      } else this.#fail(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    } catch (error) {
      this.#count('network error');
      this.#fail(error instanceof Error ? error.message : String(error));
    } finally {
      this.#inFlight--;
    }
  }

  #count(status: string): void {
    this.#statuses[status] = (this.#statuses[status] ?? 0) + 1;
  }

  #fail(message: string): void {
    this.#errors++;
    this.#firstError ??= message;
  }

  #result(started: number): LoadResult {
    const seconds = (nowMs() - started) / 1000;
    return {
      sent: this.#sent,
      acked: this.#acked,
      items: this.#items,
      itemsPerSecond: Math.round(this.#items / seconds),
      errors: this.#errors,
      statuses: { ...this.#statuses },
      seconds: Math.round(seconds * 100) / 100,
      ackedPerSecond: Math.round(this.#acked / seconds),
      http: percentilesMs(this.#histogram),
      ...(this.#firstError ? { firstError: this.#firstError } : {}),
    };
  }
}
