/**
 * The phone page's (/public) and the embeds' own small catalogue. /public must stay under
 * 40 KB of gzipped JavaScript, so it does not load the whole catalogue (zh.ts, en.ts) of the
 * other pages. The same rules hold: en has the same keys as zh (the type checks it;
 * tests/unit/client-messages.test.ts checks the placeholders).
 */
import type { Lang } from '../../../shared/format.js';

export const publicZh = {
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
} as const;

export type PublicKey = keyof typeof publicZh;

export const publicEn: Record<PublicKey, string> = {
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
};

/** Every word of the phone page and the embeds in one language. */
export const publicText = (lang: Lang): Readonly<Record<PublicKey, string>> => (lang === 'zh' ? publicZh : publicEn);
