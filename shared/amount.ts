/**
 * Amounts as people type them at a signing desk: `50亿`, `3.5亿`, `8000万`, `1.2 billion`,
 * `120,000,000`, `５０亿`. Plain functions, used by the form and by CSV import alike.
 */
import { toCny } from './currency.js';
import { signingLimitsSchema, type EventConfig, type SigningLimits } from './event-config.js';
import { formatCny } from './format.js';
import { amountHold, type CountedStats } from './signing-limits.js';

const DEFAULT_LIMITS = signingLimitsSchema.parse({});

/** A message in both languages of the desk. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The amount in units of its currency; `currency` when the text named one (`5000万美元`). */
export type AmountParse = { ok: true; value: number; currency?: string } | { ok: false; error: Bilingual };

/** Multipliers written in Latin letters, after a number: `1.2 billion`, `300 k`. */
const LATIN_UNITS: Record<string, number> = {
  trillion: 1e12,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  thousand: 1e3,
  k: 1e3,
};

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * Currency names and symbols as people write them beside an amount, longest first so that
 * 港元 is not read as 元. `元` alone is yuan: the desk is in China.
 */
const CURRENCY_NAMES: Array<[string, string]> = (
  [
    ['人民币', 'CNY'], ['rmb', 'CNY'], ['cny', 'CNY'], ['yuan', 'CNY'], ['¥', 'CNY'], ['￥', 'CNY'],
    ['美元', 'USD'], ['美金', 'USD'], ['usd', 'USD'], ['us$', 'USD'], ['us dollars', 'USD'], ['dollars', 'USD'],
    ['欧元', 'EUR'], ['eur', 'EUR'], ['euro', 'EUR'], ['euros', 'EUR'], ['€', 'EUR'],
    ['港币', 'HKD'], ['港元', 'HKD'], ['港幣', 'HKD'], ['hkd', 'HKD'], ['hk$', 'HKD'],
    ['日元', 'JPY'], ['日圆', 'JPY'], ['jpy', 'JPY'], ['yen', 'JPY'],
    ['英镑', 'GBP'], ['gbp', 'GBP'], ['£', 'GBP'],
    ['韩元', 'KRW'], ['krw', 'KRW'],
    ['新加坡元', 'SGD'], ['新元', 'SGD'], ['sgd', 'SGD'],
    ['澳元', 'AUD'], ['aud', 'AUD'],
    ['加元', 'CAD'], ['cad', 'CAD'],
    ['瑞士法郎', 'CHF'], ['瑞郎', 'CHF'], ['chf', 'CHF'],
    ['澳门元', 'MOP'], ['澳门币', 'MOP'], ['mop', 'MOP'],
    ['新台币', 'TWD'], ['台币', 'TWD'], ['twd', 'TWD'],
    ['卢布', 'RUB'], ['rub', 'RUB'],
    ['元', 'CNY'],
  ] satisfies Array<[string, string]>
).sort(([a], [b]) => b.length - a.length);

/** A currency code from a code or a name (人民币, 美元, 港币 …); undefined when it is neither. */
export function parseCurrency(text: string): string | undefined {
  const t = normalize(text);
  if (/^[a-z]{3}$/.test(t)) return t.toUpperCase();
  return CURRENCY_NAMES.find(([name]) => name === t)?.[1];
}

const fail = (zh: string, en: string): AmountParse => ({ ok: false, error: { zh, en } });
const notAnAmount = (input: string) => fail(`无法识别“${input.trim()}”`, `"${input.trim()}" is not an amount`);

/** Full-width digits and punctuation (from Chinese input methods) and traditional characters to one form. */
function normalize(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/億/g, '亿')
    .replace(/萬/g, '万')
    .replace(/兩/g, '两')
    .replace(/點/g, '点')
    .replace(/[，,]/g, ',')
    .replace(/[．。]/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The text without a currency name at its start or end, and the currency it named. */
function splitCurrency(text: string): { rest: string; currency?: string } {
  for (const [name, code] of CURRENCY_NAMES) {
    if (text.endsWith(name)) return { rest: text.slice(0, -name.length).trim(), currency: code };
    if (text.startsWith(name) && name.length > 1) return { rest: text.slice(name.length).trim(), currency: code };
  }
  return { rest: text };
}

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
const CHINESE = /[零〇一二两三四五六七八九十百千万亿点]/;

/** Parses an amount in units of its currency; rejects what a person could misread. */
export function parseAmount(input: string): AmountParse {
  const { rest: text, currency } = splitCurrency(normalize(input));
  if (text === '') return fail('请输入金额', 'enter an amount');
  if (text.startsWith('-')) return fail('金额必须大于 0', 'the amount must be greater than 0');
  const parsed = CHINESE.test(text) ? parseChinese(text.replace(/ /g, ''), input) : parseLatin(text, input);
  if (!parsed.ok) return parsed;
  // Round to cents: 1.2 × 1e9 is not exactly 1,200,000,000 in floating point.
  const value = Math.round(parsed.value * 100) / 100;
  if (!Number.isFinite(value) || value <= 0) return fail('金额必须大于 0', 'the amount must be greater than 0');
  return currency ? { ok: true, value, currency } : { ok: true, value };
}

function checkDigits(digits: string, input: string): AmountParse | null {
  if (digits.includes(',') && !NUMBER.test(digits)) return fail('千位分隔符应每三位一个', 'commas must separate groups of three digits');
  return NUMBER.test(digits) ? null : notAnAmount(input);
}

/** `120,000,000`, `1.2 billion`, `300 k`. */
function parseLatin(text: string, input: string): AmountParse {
  const match = /^([\d.,]+)\s*([^\d\s.,]*)$/.exec(text);
  if (!match) return notAnAmount(input);
  const [, digits = '', unit = ''] = match;
  const bad = checkDigits(digits, input);
  if (bad) return bad;
  const multiplier = unit === '' ? 1 : LATIN_UNITS[unit];
  if (multiplier === undefined) return fail(`未知单位“${unit}”`, `unknown unit "${unit}"`);
  return { ok: true, value: Number(digits.replace(/,/g, '')) * multiplier };
}

/**
 * Chinese numerals, alone or mixed with Arabic digits: 五十亿, 三千五百万, 一点二亿, 两千万,
 * 3.5亿, 8000万, 5亿5千万, 2万亿. 万 and 亿 close a section as in writing: 一亿三千万 is
 * 130,000,000, and 万亿 is 10¹². Two numbers in a row (五五, 3 5) are refused, not guessed.
 */
function parseChinese(text: string, input: string): AmountParse {
  const tokens = text.match(/[\d.,]+|[零〇一二两三四五六七八九十百千万亿点]|./g) ?? [];
  let total = 0;
  let section = 0;
  let number: number | undefined;
  let sawUnitOrDigit = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/^[\d.,]+$/.test(token)) {
      if (number !== undefined) return notAnAmount(input);
      const bad = checkDigits(token, input);
      if (bad) return bad;
      number = Number(token.replace(/,/g, ''));
    } else if (token === '零' || token === '〇') {
      // 一百零五: 零 only marks a skipped place.
    } else if (token in DIGITS) {
      if (number !== undefined) return notAnAmount(input);
      number = DIGITS[token]!;
    } else if (token === '点') {
      // 一点二亿: the digits after 点 are a decimal fraction, one character each.
      let fraction = '';
      while (i + 1 < tokens.length && tokens[i + 1]! in DIGITS) fraction += String(DIGITS[tokens[++i]!]);
      if (!fraction) return notAnAmount(input);
      number = section + (number ?? 0) + Number(`0.${fraction}`);
      section = 0;
    } else if (token in SMALL_UNITS) {
      section += (number ?? 1) * SMALL_UNITS[token]!;
      number = undefined;
    } else if (token in BIG_UNITS) {
      const part = section + (number ?? 0);
      // 万亿: a 亿 right after 万 multiplies everything so far; a unit with no number is refused.
      if (number === undefined && section === 0 && !(token === '亿' && tokens[i - 1] === '万')) return notAnAmount(input);
      total = token === '亿' ? (total + part) * 1e8 : total + part * 1e4;
      section = 0;
      number = undefined;
    } else {
      return fail(`未知单位“${token}”`, `unknown unit "${token}"`);
    }
    sawUnitOrDigit = true;
  }
  if (!sawUnitOrDigit) return notAnAmount(input);
  return { ok: true, value: total + section + (number ?? 0) };
}

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export interface AmountEcho {
  /** "50 亿元 = 5,000,000,000 yuan", or the amount in its own currency. */
  words: string;
  /** For a foreign currency: "≈ 85.4 亿元 (1 USD = 7.12 CNY)". */
  converted?: string;
  amountCny?: number;
}

/** The amount read back in words before it is saved. */
export function echoAmount(amount: number, currency: string, event: Pick<EventConfig, 'exchangeRates'>): AmountEcho {
  const conversion = toCny(amount, currency, event);
  if (currency === 'CNY') {
    return { words: `${formatCny(amount, 'zh')} = ${plain.format(amount)} yuan`, amountCny: Math.round(amount) };
  }
  const words = `${plain.format(amount)} ${currency}`;
  if (!conversion) return { words };
  return {
    words,
    converted: `≈ ${formatCny(conversion.amountCny, 'zh')} = ${plain.format(conversion.amountCny)} yuan (1 ${currency} = ${conversion.rate} CNY)`,
    amountCny: conversion.amountCny,
  };
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Why an amount needs a second look before saving, or null: the rule the server holds
 * signings by (shared/signing-limits.ts). Catches 亿 typed for 万 and yuan typed for 万元,
 * the slips that put a wrong figure on a 10-metre screen.
 */
export function unitGuard(amountCny: number, counted: CountedStats, limits: SigningLimits = DEFAULT_LIMITS): Bilingual | null {
  return amountHold(amountCny, limits, counted)?.reason ?? null;
}
