import type { Lang } from '../../shared/format.js';

/** Every word of the phone page and the embeds, in both languages, in one place. */
export const TEXT = {
  zh: {
    investment: '投资总额',
    contracts: '签约项目',
    visitors: '今日入场',
    onSite: '当前在场',
    uniqueToday: '今日观众',
    ofTarget: '目标',
    latest: '最新签约',
    none: '暂无签约',
    byVenue: '各场馆',
    loading: '加载中…',
    stale: '数据可能不是最新',
    updated: '更新于',
    switchTo: 'English',
    noAttendance: '入场数据尚未公布',
  },
  en: {
    investment: 'Investment',
    contracts: 'Contracts signed',
    visitors: 'Entries today',
    onSite: 'On site now',
    uniqueToday: 'Visitors today',
    ofTarget: 'target',
    latest: 'Latest signings',
    none: 'No signings yet',
    byVenue: 'By venue',
    loading: 'Loading…',
    stale: 'Figures may be out of date',
    updated: 'Updated',
    switchTo: '中文',
    noAttendance: 'No attendance figures yet',
  },
} as const satisfies Record<Lang, Record<string, string>>;

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
