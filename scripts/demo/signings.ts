import { randomUUID } from 'node:crypto';
import type { EventConfig } from '../../shared/event-config.js';
import type { SigningInput } from '../../shared/signing.js';
import type { ApiClient } from './client.js';

/** Invented parties: the demo must never look like a real company's deal. */
const INVESTORS: Array<[string, string]> = [
  ['Demo Robotics AG', 'DE'],
  ['Sample Mobility Inc.', 'US'],
  ['示例智造集团', 'CN'],
  ['Example Semiconductor Pte. Ltd.', 'SG'],
  ['Placeholder Energy SAS', 'FR'],
  ['示范数字科技有限公司', 'CN'],
  ['Mock Vision K.K.', 'JP'],
  ['Test Logistics Co., Ltd.', 'KR'],
  ['Fictional Health Holdings Ltd.', 'GB'],
  ['样例新能源股份公司', 'HK'],
];
const PARTNERS = ['Demo District Government', '示例经济技术开发区', 'Sample Industrial Park', '示范高新区管委会'];
const PROJECTS = ['AI computing centre', '智能网联汽车测试场', 'Smart port logistics hub', '智能建造产业园', 'Chip packaging line', '新能源电池基地'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Amounts from 1 亿 to about 150 亿, mostly at the low end as at a real ceremony. */
function demoAmount(): { amount: number; currency: string } {
  const yuan = Math.round(1e8 * Math.exp(Math.random() * Math.log(150)) / 1e6) * 1e6;
  return Math.random() < 0.2 ? { amount: Math.round(yuan / 7.12 / 1e6) * 1e6, currency: 'USD' } : { amount: yuan, currency: 'CNY' };
}

export function demoSigning(event: EventConfig): SigningInput {
  const [investor, country] = pick(INVESTORS);
  const area = pick(event.areas);
  return {
    title: pick(PROJECTS),
    investor,
    investorCountry: country,
    partner: pick(PARTNERS),
    ...demoAmount(),
    sector: pick(event.sectors).id,
    venueId: area.venueId ?? pick(event.venues).id,
    areaId: area.id,
  };
}

/** Posts a signing every few seconds (the first at once) until `signal` aborts. */
export async function runSignings(api: ApiClient, event: EventConfig, signal: AbortSignal, meanGapMs = 5000): Promise<number> {
  let created = 0;
  while (!signal.aborted) {
    const { status, body } = await api.post('/api/v1/signings', demoSigning(event), { 'idempotency-key': randomUUID() });
    if (status === 201) created += 1;
    else console.error(`demo: signing refused with ${status}`, body);
    await new Promise((resolve) => setTimeout(resolve, meanGapMs * (0.4 + Math.random() * 1.2)));
  }
  return created;
}
