import type { Bilingual } from '../../shared/amount.js';
import type { Signing } from '../../shared/signing.js';
import { ApiError, NetworkError, request } from '../lib/http.js';
import { outboxStore } from './idb.js';
import { errorText, serverFieldTexts } from '../lib/i18n/errors.js';
import { bi } from '../lib/i18n/index.js';
import { alreadyApplied, backoffMs, opRequest, WRITE_TIMEOUT_MS, type OutboxOp } from './outbox-rules.js';

export type { OutboxOp } from './outbox-rules.js';

/** `conflict`: the signing changed on the server since this write was made; the person decides. */
export type EntryState = 'pending' | 'sending' | 'failed' | 'conflict' | 'sent';

/** A write on its way: stored in IndexedDB until the server acknowledges it. */
export interface OutboxEntry {
  /** The idempotency key: the same for every retry, so a write is never applied twice. */
  key: string;
  op: OutboxOp;
  state: EntryState;
  queuedAt: string;
  attempts: number;
  /** Epoch ms before which it is not tried again (backoff). */
  retryAt: number;
  /** Why it failed or why it is still waiting. */
  note?: Bilingual;
  fields?: Record<string, Bilingual>;
  signing?: Signing;
  /** For a conflict: the server's version, shown beside the one the write was made against. */
  current?: Signing;
}

const TICK_MS = 1000;
/** How long a submit waits for the first answer before the form is free again; the entry goes on in the outbox. */
const SUBMIT_WAIT_MS = 3000;
/** Acknowledged entries shown in the queue view; older ones drop off. */
const SENT_SHOWN = 20;


/** Entries stored before edits were queued held a create's input at the top level. */
function upgrade(stored: OutboxEntry & { input?: unknown }): OutboxEntry {
  const op = stored.op ?? ({ kind: 'create', input: stored.input } as OutboxOp);
  return { ...stored, op, attempts: stored.attempts ?? 0, retryAt: stored.retryAt ?? 0, state: stored.state === 'sending' ? 'pending' : stored.state };
}

/**
 * The staff desk's outbox: every write (create, edit, void, verify, release) is stored here
 * first, then sent. Each entry is sent on its own with a timeout, so one hung request never
 * holds up the others; a network failure, a timeout or a 5xx leaves it pending and it is
 * tried again with backoff, at once when the browser comes back online, and after a reload.
 */
export class Outbox {
  entries = $state.raw<OutboxEntry[]>([]);
  /** False after a write found no server; true again after one got an answer. */
  reachable = $state(true);
  #inFlight = new Set<string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #onOnline = () => {
    this.entries = this.entries.map((e) => (e.state === 'pending' ? { ...e, retryAt: 0 } : e));
    this.flush();
  };
  #listeners = new Set<(signing: Signing, op: OutboxOp) => void>();

  async start(): Promise<void> {
    const stored = await outboxStore.all<OutboxEntry>();
    this.entries = stored.map(upgrade).sort(newestFirst);
    window.addEventListener('online', this.#onOnline);
    this.#timer = setInterval(() => this.flush(), TICK_MS);
    this.flush();
  }

  stop(): void {
    window.removeEventListener('online', this.#onOnline);
    clearInterval(this.#timer);
  }

  /** Called with each signing the server acknowledged. */
  onSent(listener: (signing: Signing, op: OutboxOp) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get pending(): number {
    return this.entries.filter((e) => e.state === 'pending' || e.state === 'sending').length;
  }

  /**
   * Stores the write durably, then tries to send it; resolves with the first attempt's
   * outcome, or after a few seconds with the entry still sending, so a hung request never
   * holds up the desk.
   */
  async submit(key: string, op: OutboxOp): Promise<OutboxEntry> {
    const existing = this.entries.find((e) => e.key === key);
    if (existing && existing.state !== 'failed') return existing;
    const entry: OutboxEntry = { key, op, state: 'pending', queuedAt: new Date().toISOString(), attempts: 0, retryAt: 0 };
    await this.#save(entry);
    await Promise.race([this.#send(entry), new Promise((resolve) => setTimeout(resolve, SUBMIT_WAIT_MS))]);
    return this.entries.find((e) => e.key === key) ?? entry;
  }

  async discard(key: string): Promise<void> {
    await outboxStore.delete(key);
    this.entries = this.entries.filter((e) => e.key !== key);
  }

  async retry(key: string): Promise<void> {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry) return;
    await this.#save({ ...entry, state: 'pending', retryAt: 0, note: undefined, fields: undefined });
    this.flush();
  }

  /**
   * After a conflict the person chose to apply their write on top of the server's version:
   * the same change, now made against that version, under a new key.
   */
  async rebase(key: string): Promise<void> {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry?.current || entry.op.kind === 'create') return;
    const op = { ...entry.op, version: entry.current.version, base: entry.current };
    await this.discard(key);
    await this.submit(crypto.randomUUID(), op);
  }

  /** Sends every pending entry that is due and not already on its way. */
  flush(): void {
    const now = Date.now();
    for (const entry of this.entries) {
      if (entry.state === 'pending' && entry.retryAt <= now && !this.#inFlight.has(entry.key)) void this.#send(entry);
    }
  }

  async #send(entry: OutboxEntry): Promise<void> {
    if (this.#inFlight.has(entry.key)) return;
    this.#inFlight.add(entry.key);
    this.#set({ ...entry, state: 'sending' });
    try {
      const { method, path, body } = opRequest(entry.op);
      const { signing } = await request<{ signing: Signing }>(method, path, {
        body,
        headers: { 'Idempotency-Key': entry.key },
        timeoutMs: WRITE_TIMEOUT_MS,
      });
      await this.#acknowledged(entry, signing);
    } catch (error) {
      await this.#refused(entry, error);
    } finally {
      this.#inFlight.delete(entry.key);
    }
  }

  async #acknowledged(entry: OutboxEntry, signing: Signing): Promise<void> {
    this.reachable = true;
    await outboxStore.delete(entry.key);
    this.#set({ ...entry, state: 'sent', signing, note: undefined, current: undefined });
    this.#trimSent();
    this.#listeners.forEach((l) => l(signing, entry.op));
  }

  async #refused(entry: OutboxEntry, error: unknown): Promise<void> {
    const transient = error instanceof NetworkError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
    if (transient) {
      this.reachable = error instanceof ApiError;
      const attempts = entry.attempts + 1;
      const note = bi(error instanceof NetworkError ? (error.timedOut ? 'staff.note.timeout' : 'staff.note.offline') : 'staff.note.busy');
      await this.#save({ ...entry, state: 'pending', attempts, retryAt: Date.now() + backoffMs(attempts), note });
      return;
    }
    this.reachable = true;
    if (error instanceof ApiError && error.code === 'version_conflict' && entry.op.kind !== 'create') {
      await this.#conflict(entry, entry.op);
      return;
    }
    await this.#save({ ...entry, state: 'failed', note: errorText(error), fields: serverFieldTexts(error) });
  }

  /** A 409 on a replay is "done already" when the server holds exactly what was asked; otherwise the person decides. */
  async #conflict(entry: OutboxEntry, op: Exclude<OutboxOp, { kind: 'create' }>): Promise<void> {
    let current: Signing;
    try {
      ({ signing: current } = await request<{ signing: Signing }>('GET', `/signings/${op.id}`, { timeoutMs: WRITE_TIMEOUT_MS }));
    } catch {
      await this.#save({ ...entry, state: 'pending', attempts: entry.attempts + 1, retryAt: Date.now() + backoffMs(entry.attempts + 1) });
      return;
    }
    if (alreadyApplied(op, current)) await this.#acknowledged(entry, current);
    else await this.#save({ ...entry, state: 'conflict', current, note: bi('staff.note.conflict') });
  }

  async #save(entry: OutboxEntry): Promise<void> {
    await outboxStore.put($state.snapshot(entry));
    this.#set(entry);
  }

  #set(entry: OutboxEntry): void {
    const others = this.entries.filter((e) => e.key !== entry.key);
    this.entries = [...others, entry].sort(newestFirst);
  }

  #trimSent(): void {
    const sent = this.entries.filter((e) => e.state === 'sent');
    if (sent.length > SENT_SHOWN) {
      const drop = new Set(sent.slice(SENT_SHOWN).map((e) => e.key));
      this.entries = this.entries.filter((e) => !drop.has(e.key));
    }
  }
}

const newestFirst = (a: OutboxEntry, b: OutboxEntry) => (a.queuedAt < b.queuedAt ? 1 : -1);

const FORM_KEY = 'pavilion:staff:form-key';

/**
 * The idempotency key of the open form. It is made when the form opens and survives a
 * reload, so that a retried or repeated submit of the same entry is one signing.
 */
export function formKey(): string {
  let key = sessionStorage.getItem(FORM_KEY);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(FORM_KEY, key);
  }
  return key;
}

/** A fresh key for the next entry, once the outbox holds the last one. */
export function nextFormKey(): string {
  sessionStorage.removeItem(FORM_KEY);
  return formKey();
}
