/**
 * Every word the pages show, from one catalogue per language (zh.ts, en.ts). A page chooses
 * its language with `setPageLang` (which also sets `<html lang>`); pages that show both
 * languages side by side use `both`. Placeholders are `{name}`.
 */
import type { Bilingual } from '../../../shared/amount.js';
import type { Lang } from '../../../shared/format.js';
import { en } from './en.js';
import { htmlLang, setHtmlLang } from './lang.js';
import { zh, type MessageKey } from './zh.js';

export type { Lang, MessageKey };
export type Params = Record<string, string | number>;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { zh, en };

let pageLang: Lang = 'zh';

export { htmlLang };

/** The language this page shows now; `<html lang>` follows it. */
export function setPageLang(lang: Lang): void {
  pageLang = lang;
  setHtmlLang(lang);
}

export const pageLanguage = (): Lang => pageLang;

/** A page's own keys without their prefix: `SectionKey<'display'>` is `contracts | investment | …`. */
export type SectionKey<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer Rest}` ? Rest : never) : never;

export function t(key: MessageKey, params?: Params, lang: Lang = pageLang): string {
  const text = CATALOGUES[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** The message in both languages, for the desk's two-line notes. */
export const bi = (key: MessageKey, params?: Params): Bilingual => ({ zh: t(key, params, 'zh'), en: t(key, params, 'en') });

/** "中文 English" on one line, as the staff, admin and organizer pages label things. */
export const both = (key: MessageKey, params?: Params, separator = ' '): string => `${t(key, params, 'zh')}${separator}${t(key, params, 'en')}`;

/** A Bilingual (from the catalogue or written where a shared rule is) on one line. */
export const joined = (text: Bilingual, separator = ' · '): string => `${text.zh}${separator}${text.en}`;
