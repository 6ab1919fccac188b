import type { Bilingual } from '../../shared/amount.js';

/** Chinese for the shared schema's English messages; the English stays as the server sends it. */
const EXACT: Record<string, string> = {
  required: '必填',
  'must be greater than 0': '必须大于 0',
  'unknown sector': '未知行业',
  'unknown venue': '未知场馆',
  'unknown exhibition area': '未知展区',
  'ISO 3166-1 alpha-2 code, such as CN or DE': '请选择国家或地区',
  'ISO 8601 date and time with offset': '请填写日期和时间',
  'must lie between 2000 and 2100': '须在 2000 至 2100 年之间',
  'more than 1 万亿元 (1 trillion yuan)': '超过 1 万亿元',
  'less than one yuan': '不足 1 元',
  'unknown field': '未知字段',
};

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^at most (\d+) characters$/, (m) => `最多 ${m[1]} 个字符`],
  [/^at least (\d+) characters$/, (m) => `至少 ${m[1]} 个字符`],
  [/^one of (.+)$/, (m) => `须为以下之一：${m[1]}`],
  [/^now (\d+)$/, (m) => `已被他人修改（现为第 ${m[1]} 版）`],
];

export function bilingual(message: string): Bilingual {
  const exact = EXACT[message];
  if (exact) return { zh: exact, en: message };
  for (const [pattern, zh] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return { zh: zh(m), en: message };
  }
  return { zh: '内容有误', en: message };
}

/** zod issues (browser) or the server's `fields` as one bilingual message per field. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, Bilingual> {
  const out: Record<string, Bilingual> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form';
    out[key] ??= bilingual(issue.message);
  }
  return out;
}

export function serverFieldErrors(fields: Record<string, string> | undefined): Record<string, Bilingual> {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k, bilingual(v)]));
}
