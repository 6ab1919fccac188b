import type { Lang } from '../../../shared/format.js';

/** The `lang` attribute for a language shown: screen readers and fonts follow it. */
export const htmlLang = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en');

/** `<html lang>` follows the language the page shows; on its own so that /public need not load a catalogue. */
export function setHtmlLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(lang);
}
