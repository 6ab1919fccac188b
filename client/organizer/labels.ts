import { countryName, flagOf } from '../../shared/countries.js';
import type { EventConfig, LocalizedName } from '../../shared/event-config.js';
import { formatCny } from '../../shared/format.js';
import { formatEventTime } from '../../shared/time.js';
import { both as bothLangs, joined, type MessageKey, type Params } from '../lib/i18n/index.js';
import { errorText, serverFieldTexts } from '../lib/i18n/errors.js';

/** A console label from the catalogue, "中文 / English". */
export const say = (key: MessageKey, params?: Params): string => bothLangs(key, params, ' / ');

/** A failed request in both languages, from its code and each field's code, never the server's English. */
export function problemText(error: unknown): string {
  const fields = Object.entries(serverFieldTexts(error)).map(([path, text]) => `${path}: ${joined(text, ' / ')}`);
  return [joined(errorText(error), ' / '), ...fields].join(' · ');
}

/** Both languages, as everything in the console is labelled: 主会场 / Main hall. */
export const both = (n: LocalizedName | undefined, fallback: string) => (n ? `${n.zh} / ${n.en}` : fallback);

export function nameOf(event: EventConfig, kind: 'venue' | 'area' | 'sector', id: string): string {
  const list = kind === 'venue' ? event.venues : kind === 'area' ? event.areas : event.sectors;
  return both(list.find((x) => x.id === id)?.name, id);
}

export function shortNameOf(event: EventConfig, kind: 'venue' | 'area' | 'sector', id: string): string {
  const list = kind === 'venue' ? event.venues : kind === 'area' ? event.areas : event.sectors;
  return list.find((x) => x.id === id)?.name.zh ?? id;
}

export const countryLabel = (code: string) => `${flagOf(code)} ${countryName(code, 'zh')} ${code}`;

export const yuan = (amountCny: number) => formatCny(amountCny, 'zh');

/** `06/20 14:05` in the event's time zone. */
export const eventTime = (iso: string, timeZone: string): string => formatEventTime(iso, timeZone, 'short');

/** Every day of the event, YYYY-MM-DD. */
export function eventDays(event: EventConfig): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${event.dates.start}T00:00:00Z`); t <= Date.parse(`${event.dates.end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
