import { UNDO_WINDOW_MS, type CeremonyDetail, type CeremonyItem } from '../../shared/ceremonies.js';
import { getJson, NetworkError, postJson } from '../lib/http.js';
import { problemText } from './labels.js';

/** One press of the desk, kept with its key until the server answered it. */
export interface Press {
  kind: 'sign' | 'sign-all' | 'undo';
  itemId: string | null;
  /** The Idempotency-Key: the same for every retry of this press. */
  key: string;
}

/** Retries while presses wait for the network. */
const RETRY_MS = 1000;
/** A press right after an answer is taken as a bounce of the same press. */
const SETTLE_MS = 600;

/**
 * The run desk beside the stage. A press is queued with its key and sent at once; if the
 * network is down it stays queued and is sent again, with the same key, until the server
 * answers, so a press during a drop signs once. One sign press is in flight at a time: a
 * second press before the first was answered is ignored, not taken for the next item.
 */
export class CeremonyDesk {
  detail = $state.raw<CeremonyDetail | null>(null);
  queue = $state.raw<Press[]>([]);
  offline = $state(false);
  problem = $state<string | null>(null);
  /** Date.now() until which each signed item may be undone here. */
  undoUntil = $state.raw<Record<string, number>>({});
  now = $state(Date.now());

  readonly #id: string;
  #flushing = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #answeredAt = 0;
  readonly #tick: ReturnType<typeof setInterval>;
  readonly #online = () => void this.flush();

  constructor(id: string) {
    this.#id = id;
    this.#tick = setInterval(() => (this.now = Date.now()), 250);
    addEventListener('online', this.#online);
  }

  /** The first planned item: what the space bar signs. */
  get next(): CeremonyItem | undefined {
    return this.detail?.items.find((i) => i.status === 'planned');
  }

  /** Seconds left to undo `item`, or 0. */
  undoLeft(item: CeremonyItem): number {
    return Math.max(0, Math.ceil(((this.undoUntil[item.id] ?? 0) - this.now) / 1000));
  }

  async load(): Promise<void> {
    try {
      this.detail = await getJson<CeremonyDetail>(`/ceremonies/${this.#id}`);
      this.offline = false;
    } catch (error) {
      if (error instanceof NetworkError) this.offline = true;
      else throw error;
    }
  }

  sign(): void {
    const item = this.next;
    if (!item || this.queue.some((p) => p.kind !== 'undo') || Date.now() - this.#answeredAt < SETTLE_MS) return;
    this.#press({ kind: 'sign', itemId: item.id, key: crypto.randomUUID() });
  }

  signAll(): void {
    if (!this.next || this.queue.some((p) => p.kind !== 'undo')) return;
    this.#press({ kind: 'sign-all', itemId: null, key: crypto.randomUUID() });
  }

  undo(itemId: string): void {
    if (this.queue.some((p) => p.kind === 'undo' && p.itemId === itemId)) return;
    this.#press({ kind: 'undo', itemId, key: crypto.randomUUID() });
  }

  async setStatus(status: 'start' | 'finish'): Promise<void> {
    await postJson(`/ceremonies/${this.#id}/${status}`, {});
    await this.load();
  }

  /** Sends queued presses in order; stops at the first that gets no answer and tries again soon. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    clearTimeout(this.#retry);
    try {
      for (let press = this.queue[0]; press; press = this.queue[0]) {
        try {
          await this.#send(press);
          this.offline = false;
          this.problem = null;
        } catch (error) {
          if (error instanceof NetworkError) {
            this.offline = true;
            this.#retry = setTimeout(() => void this.flush(), RETRY_MS);
            return;
          }
          this.problem = problemText(error);
        }
        this.queue = this.queue.slice(1);
        this.#answeredAt = Date.now();
      }
      await this.load();
    } finally {
      this.#flushing = false;
    }
  }

  destroy(): void {
    clearInterval(this.#tick);
    clearTimeout(this.#retry);
    removeEventListener('online', this.#online);
  }

  #press(press: Press): void {
    this.queue = [...this.queue, press];
    void this.flush();
  }

  async #send(press: Press): Promise<void> {
    const base = `/ceremonies/${this.#id}`;
    const headers = { 'Idempotency-Key': press.key };
    if (press.kind === 'undo') {
      await postJson(`${base}/items/${press.itemId}/undo`, {});
      const { [press.itemId!]: _gone, ...rest } = this.undoUntil;
      this.undoUntil = rest;
      return;
    }
    const path = press.kind === 'sign' ? `${base}/items/${press.itemId}/sign` : `${base}/sign-all`;
    const answer = await postJson<{ items?: Array<{ itemId: string }> }>(path, undefined, { headers });
    const signed = press.kind === 'sign' ? [press.itemId!] : (answer.items ?? []).map((i) => i.itemId);
    const until = Date.now() + UNDO_WINDOW_MS;
    this.undoUntil = { ...this.undoUntil, ...Object.fromEntries(signed.map((id) => [id, until])) };
  }
}
