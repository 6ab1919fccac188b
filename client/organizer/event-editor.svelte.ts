import type { Bilingual } from '../../shared/amount.js';
import type { Edition, EditionListItem } from '../../shared/editions.js';
import { eventConfigSchema, type EventConfig } from '../../shared/event-config.js';
import { getJson, putJson } from '../lib/http.js';
import { errorText, issueTexts, serverFieldTexts } from '../lib/i18n/errors.js';
import { bi, t } from '../lib/i18n/index.js';

export type Versioned = EventConfig & { version: number };

/** The exchange rates as rows, so that a currency code can be typed like any other field. */
export interface RateRow {
  code: string;
  rate: number;
}

/** A number input that was emptied gives null: an optional field left empty is absent. */
function withoutNulls<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v === null ? undefined : v))) as T;
}

/**
 * The event being edited in the console: a draft the form binds to, checked with the shared
 * schema before it is sent, and saved with the version it was read at (a stale one is refused).
 */
export class EventEditor {
  draft = $state<EventConfig>() as EventConfig;
  rates = $state<RateRow[]>([]);
  version = $state(0);
  /** Problems by field path (`venues.2.capacity`), in both languages. */
  errors = $state.raw<Record<string, Bilingual>>({});
  message = $state.raw<{ kind: 'ok' | 'problem'; text: Bilingual } | null>(null);
  saving = $state(false);
  editions = $state.raw<EditionListItem[]>([]);

  constructor(initial: Versioned) {
    this.load(initial, initial.version);
    getJson<{ items: EditionListItem[] }>('/editions')
      .then((body) => (this.editions = body.items))
      .catch(() => undefined);
  }

  load(event: EventConfig, version = this.version): void {
    const { version: _ignored, ...plain } = event as Versioned;
    this.draft = structuredClone(plain);
    this.rates = Object.entries(plain.exchangeRates).map(([code, rate]) => ({ code, rate }));
    this.version = version;
    this.errors = {};
  }

  /** The draft as the event file has it. */
  current(): EventConfig {
    return withoutNulls({ ...$state.snapshot(this.draft), exchangeRates: Object.fromEntries(this.rates.map((r) => [r.code.trim().toUpperCase(), r.rate])) });
  }

  check(): EventConfig | null {
    const parsed = eventConfigSchema.safeParse(this.current());
    if (parsed.success) {
      this.errors = {};
      return parsed.data;
    }
    this.errors = issueTexts(parsed.error.issues);
    this.message = { kind: 'problem', text: bi('event.toFix', { count: Object.keys(this.errors).length }) };
    return null;
  }

  async save(): Promise<void> {
    const event = this.check();
    if (!event) return;
    this.saving = true;
    try {
      const saved = await putJson<Versioned & { seq: number }>('/event', { ...event, version: this.version });
      const { seq: _seq, ...rest } = saved;
      this.load(rest, saved.version);
      this.message = { kind: 'ok', text: bi('event.saved', { version: saved.version }) };
    } catch (error) {
      // Worded from the code; each field's problem shows beside its field.
      this.errors = serverFieldTexts(error);
      this.message = { kind: 'problem', text: errorText(error) };
    } finally {
      this.saving = false;
    }
  }

  /** Venues, areas, sectors, rates, targets, hours and limits of a past edition; this edition keeps its name, city, dates and zone. */
  async copyFrom(id: string): Promise<void> {
    const edition = await getJson<Edition>(`/editions/${encodeURIComponent(id)}`);
    const { id: keepId, name, hostCity, dates, timeZone, days: _days, ...rest } = { ...edition.event };
    const mine = this.current();
    this.load({ ...rest, id: mine.id ?? keepId, name: mine.name ?? name, hostCity: mine.hostCity ?? hostCity, dates: mine.dates ?? dates, timeZone: mine.timeZone ?? timeZone });
    this.message = { kind: 'ok', text: { zh: t('event.copied', { name: edition.event.name.zh }, 'zh'), en: t('event.copied', { name: edition.event.name.en }, 'en') } };
  }

  /** An event file read from disk; it replaces the draft, keeping the version it will be saved against. */
  importFile(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.message = { kind: 'problem', text: bi('event.notJson') };
      return;
    }
    const parsed = eventConfigSchema.safeParse(raw);
    if (!parsed.success) {
      this.errors = issueTexts(parsed.error.issues);
      this.message = { kind: 'problem', text: bi('event.badFile') };
      return;
    }
    this.load(parsed.data);
    this.message = { kind: 'ok', text: bi('event.loaded') };
  }

  exportFile(): string {
    return `${JSON.stringify(this.current(), null, 2)}\n`;
  }
}
