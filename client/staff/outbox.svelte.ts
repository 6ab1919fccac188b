import type { Bilingual } from '../../shared/amount.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import { ApiError, NetworkError, request } from '../lib/http.js';
import { errorText, serverFieldTexts } from '../lib/i18n/errors.js';
import { outboxStore } from './idb.js';

export type EntryState = 'pending' | 'sending' | 'failed' | 'sent';

/** A submission on its way: stored in IndexedDB until the server acknowledges it. */
export interface OutboxEntry {
  /** The idempotency key: the same for every retry, so a signing is never doubled. */
  key: string;
  input: SigningInput;
  state: EntryState;
  queuedAt: string;
  /** Why it failed or why it is still waiting. */
  note?: Bilingual;
  fields?: Record<string, Bilingual>;
  signing?: Signing;
}

const RETRY_MS = 5000;
/** Acknowledged entries shown in the queue view; older ones drop off. */
const SENT_SHOWN = 20;

/**
 * The staff desk's outbox. Every submission is written here first, then sent; a failed
 * network leaves it pending, and it is sent again on reconnect, on reload or every few seconds.
 */
export class Outbox {
  entries = $state.raw<OutboxEntry[]>([]);
  #flushing: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #onOnline = () => void this.flush();
  #listeners = new Set<(signing: Signing) => void>();

  async start(): Promise<void> {
    const stored = await outboxStore.all<OutboxEntry>();
    // A reload mid-send leaves "sending": it is simply pending again.
    this.entries = stored.map((e) => (e.state === 'sending' ? { ...e, state: 'pending' as const } : e));
    window.addEventListener('online', this.#onOnline);
    this.#timer = setInterval(() => {
      if (this.entries.some((e) => e.state === 'pending')) void this.flush();
    }, RETRY_MS);
    await this.flush();
  }

  stop(): void {
    window.removeEventListener('online', this.#onOnline);
    clearInterval(this.#timer);
  }

  /** Called with each signing the server acknowledged. */
  onSent(listener: (signing: Signing) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get pending(): number {
    return this.entries.filter((e) => e.state === 'pending' || e.state === 'sending').length;
  }

  /** Stores the submission durably, then tries to send it. */
  async submit(key: string, input: SigningInput): Promise<OutboxEntry> {
    const existing = this.entries.find((e) => e.key === key);
    if (existing && existing.state !== 'failed') return existing;
    const entry: OutboxEntry = { key, input, state: 'pending', queuedAt: new Date().toISOString() };
    await outboxStore.put($state.snapshot(entry));
    this.#set(entry);
    await this.flush();
    return this.entries.find((e) => e.key === key) ?? entry;
  }

  async discard(key: string): Promise<void> {
    await outboxStore.delete(key);
    this.entries = this.entries.filter((e) => e.key !== key);
  }

  async retry(key: string): Promise<void> {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry) return;
    await this.#save({ ...entry, state: 'pending', note: undefined, fields: undefined });
    await this.flush();
  }

  flush(): Promise<void> {
    this.#flushing ??= this.#sendAll().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #sendAll(): Promise<void> {
    for (const entry of this.entries.filter((e) => e.state === 'pending')) {
      if (!(await this.#send(entry))) return;
    }
  }

  /** False when the network is down: the rest wait for the next flush. */
  async #send(entry: OutboxEntry): Promise<boolean> {
    this.#set({ ...entry, state: 'sending' });
    try {
      const { signing } = await request<{ signing: Signing }>('POST', '/signings', { body: entry.input, headers: { 'Idempotency-Key': entry.key } });
      await outboxStore.delete(entry.key);
      this.#set({ ...entry, state: 'sent', signing, note: undefined });
      this.#trimSent();
      this.#listeners.forEach((l) => l(signing));
      return true;
    } catch (error) {
      if (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)) {
        await this.#save({ ...entry, state: 'pending', note: { zh: '网络中断，恢复后自动发送', en: 'offline: sent when the connection returns' } });
        return false;
      }
      await this.#save({ ...entry, state: 'failed', note: errorText(error), fields: serverFieldTexts(error) });
      return true;
    }
  }

  async #save(entry: OutboxEntry): Promise<void> {
    await outboxStore.put($state.snapshot(entry));
    this.#set(entry);
  }

  #set(entry: OutboxEntry): void {
    const others = this.entries.filter((e) => e.key !== entry.key);
    this.entries = [...others, entry].sort((a, b) => (a.queuedAt < b.queuedAt ? 1 : -1));
  }

  #trimSent(): void {
    const sent = this.entries.filter((e) => e.state === 'sent');
    if (sent.length > SENT_SHOWN) {
      const drop = new Set(sent.slice(SENT_SHOWN).map((e) => e.key));
      this.entries = this.entries.filter((e) => !drop.has(e.key));
    }
  }
}

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
