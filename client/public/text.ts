import type { Lang } from '../../shared/format.js';

/** `?lang=zh|en`, else the browser's language. */
export function langFrom(search: string, browser: string): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  return browser.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A share of a target, 0-100, one decimal. */
export function percentOf(value: number, target: number): number {
  return target > 0 ? Math.round((value / target) * 1000) / 10 : 0;
}
