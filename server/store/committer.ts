import type { Logger } from 'pino';
import type { Store } from './types.js';
import type { Change, ResultOf, WriteOp, WriteResult } from './operations.js';
import { isStoreUnavailable } from './unavailable.js';

/** Told how each batch ended (readiness reports not ready while batches fail). */
export interface CommitOutcomes {
  committed(): void;
  /** A whole batch failed, or the database refused an operation for a reason of its own (disk full, read-only). */
  failed(error: Error): void;
}

interface Pending {
  op: WriteOp;
  resolve: (result: WriteResult) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: every write that arrives while the previous transaction runs (or within
 * the same turn of the event loop) goes into the next one. One transaction and one fsync
 * serve many requests, and seqs come out in commit order.
 */
export class GroupCommitter {
  #queue: Pending[] = [];
  #running: Promise<void> | undefined;
  #scheduled = false;

  constructor(
    private readonly store: Store,
    /** Called with a batch's changes, in seq order, after it is durable and before any caller hears back. */
    private readonly onCommitted: (changes: Change[]) => void,
    /** Told how each batch ended; readiness reports not ready while batches fail. */
    private readonly outcomes?: CommitOutcomes,
    /** Where a failing `onCommitted` is reported; the writes stand either way. */
    private readonly log?: Pick<Logger, 'error'>,
    private readonly maxBatch = 2000,
  ) {}

  /** Commits `op` with the writes around it; resolves with that operation's own result type. */
  submit<Op extends WriteOp>(op: Op): Promise<ResultOf<Op>> {
    return new Promise((resolve, reject) => {
      // The store answers each op with its own kind of result (OpHandlers), in order.
      this.#queue.push({ op, resolve: resolve as (result: WriteResult) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once every write submitted so far is committed. */
  async drain(): Promise<void> {
    while (this.#running || this.#queue.length > 0) {
      if (!this.#running) this.#flush();
      await this.#running;
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#running || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.maxBatch);
    this.#running = this.#commit(batch).finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #commit(batch: Pending[]): Promise<void> {
    let results: Array<WriteResult | Error>;
    try {
      results = await this.store.commit(batch.map((p) => p.op));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.outcomes?.failed(failure);
      batch.forEach((p) => p.reject(failure));
      return;
    }
    const refused = results.find((r): r is Error => r instanceof Error && isStoreUnavailable(r));
    if (refused) this.outcomes?.failed(refused);
    else this.outcomes?.committed();
    const changes = results.flatMap((r) => (r instanceof Error ? [] : r.changes));
    if (changes.length > 0) {
      try {
        this.onCommitted(changes);
      } catch (error) {
        // The writes are durable: callers must hear so even if a listener broke.
        this.log?.error({ err: error }, 'change listener failed');
      }
    }
    results.forEach((result, i) => {
      if (result instanceof Error) batch[i]!.reject(result);
      else batch[i]!.resolve(result);
    });
  }
}
