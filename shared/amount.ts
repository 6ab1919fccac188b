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

export type AmountParse = { ok: true; value: number } | { ok: false; error: Bilingual };

const UNITS: Record<string, number> = {
  万亿: 1e12,
  亿: 1e8,
  千万: 1e7,
  百万: 1e6,
  万: 1e4,
  千: 1e3,
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

const fail = (zh: string, en: string): AmountParse => ({ ok: false, error: { zh, en } });

/** Full-width digits and punctuation (from Chinese input methods) to ASCII. */
function normalize(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/[，,]/g, ',')
    .replace(/[．。]/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
const CURRENCY_WORD = /\s*(元|人民币|yuan|rmb|cny)$/;

/** Parses an amount in units of its currency; rejects what a person could misread. */
export function parseAmount(input: string): AmountParse {
  const text = normalize(input).replace(CURRENCY_WORD, '');
  if (text === '') return fail('请输入金额', 'enter an amount');
  if (text.startsWith('-')) return fail('金额必须大于 0', 'the amount must be greater than 0');
  const match = /^([\d.,]+)\s*([a-z\u4e00-\u9fff]*)$/.exec(text);
  if (!match) return fail(`无法识别“${input.trim()}”`, `"${input.trim()}" is not an amount`);
  const [, digits = '', unit = ''] = match;
  if (digits.includes(',') && !NUMBER.test(digits)) {
    return fail('千位分隔符应每三位一个', 'commas must separate groups of three digits');
  }
  if (!NUMBER.test(digits)) return fail(`无法识别“${input.trim()}”`, `"${input.trim()}" is not an amount`);
  const multiplier = unit === '' ? 1 : UNITS[unit];
  if (multiplier === undefined) return fail(`未知单位“${unit}”`, `unknown unit "${unit}"`);
  // Round to cents: 1.2 × 1e9 is not exactly 1,200,000,000 in floating point.
  const value = Math.round(Number(digits.replace(/,/g, '')) * multiplier * 100) / 100;
  if (!Number.isFinite(value) || value <= 0) return fail('金额必须大于 0', 'the amount must be greater than 0');
  return { ok: true, value };
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
