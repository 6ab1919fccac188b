import type { Lang } from '../../shared/format.js';

/** Every word the display shows, in both languages of the expo. */
export const LABELS = {
  contracts: { zh: '签约项目', en: 'Contracts signed' },
  investment: { zh: '投资总额', en: 'Total investment' },
  visitorsToday: { zh: '今日入场人次', en: 'Visits today' },
  onSiteNow: { zh: '当前在场', en: 'On site now' },
  exhibitors: { zh: '参展企业', en: 'Exhibitors' },
  countries: { zh: '国家和地区', en: 'Countries and regions' },
  ofTarget: { zh: '目标', en: 'Target' },
  latest: { zh: '最新签约', en: 'Latest signings' },
  noSignings: { zh: '暂无签约', en: 'No signings yet' },
  newSigning: { zh: '签约喜讯', en: 'New signing' },
  burst: { zh: '批量签约', en: 'Signings just in' },
  projects: { zh: '个项目', en: 'projects' },
  milestone: { zh: '里程碑', en: 'Milestone' },
  contractsMark: { zh: '个签约项目', en: 'contracts signed' },
  investmentMark: { zh: '投资总额突破', en: 'investment passed' },
  reconnecting: { zh: '重新连接中', en: 'Reconnecting' },
  lastUpdate: { zh: '最后更新', en: 'last update' },
  cumulative: { zh: '累计投资额（亿元）', en: 'Cumulative investment (100 million yuan)' },
  target: { zh: '目标', en: 'Target' },
  bySector: { zh: '各领域投资额（亿元）', en: 'Investment by sector (100 million yuan)' },
  byVenue: { zh: '各会场签约数', en: 'Signings by venue' },
  attendanceByHour: { zh: '每小时入场人数', en: 'Entries by hour' },
  attendanceByVenue: { zh: '各会场在场人数', en: 'On site by venue' },
  capacity: { zh: '容量', en: 'Capacity' },
  occupancy: { zh: '在场率', en: 'Occupancy' },
  closed: { zh: '闭馆中', en: 'Closed' },
  with: { zh: '与', en: 'with' },
} satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof LABELS;
