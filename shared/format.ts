/** Number formatting for screens, built on Intl.NumberFormat. */
import { cached } from './cached.js';

export type Lang = 'zh' | 'en';

interface UnitStep {
  divisor: number;
  label: string;
}

const CNY_UNITS: Record<Lang, UnitStep[]> = {
  zh: [
    { divisor: 1e8, label: '亿元' },
    { divisor: 1e4, label: '万元' },
    { divisor: 1, label: '元' },
  ],
  en: [
    { divisor: 1e9, label: 'billion yuan' },
    { divisor: 1e6, label: 'million yuan' },
    { divisor: 1, label: 'yuan' },
  ],
};

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, fractionDigits: number): Intl.NumberFormat {
  return cached(numberFormats, `${lang}:${fractionDigits}`, () =>
    new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
      maximumFractionDigits: fractionDigits,
      useGrouping: 'always',
    }),
  );
}

export interface AmountParts {
  value: string;
  unit: string;
}

/** The unit an amount is best read in: 亿元 from 1 亿, billion from 1 billion. */
export function cnyUnit(amountCny: number, lang: Lang): UnitStep {
  const steps = CNY_UNITS[lang];
  return steps.find((s) => Math.abs(amountCny) >= s.divisor) ?? steps[steps.length - 1]!;
}

/**
 * An amount of yuan as a number and a unit. Pass `unit` to keep one unit while a counter
 * animates towards a target, so that it never jumps from 万 to 亿 mid-count.
 */
export function formatCnyParts(amountCny: number, lang: Lang, unit: UnitStep = cnyUnit(amountCny, lang)): AmountParts {
  const digits = unit.divisor === 1 ? 0 : 1;
  return { value: numberFormat(lang, digits).format(amountCny / unit.divisor), unit: unit.label };
}

export function formatCny(amountCny: number, lang: Lang, unit?: UnitStep): string {
  const parts = formatCnyParts(amountCny, lang, unit);
  return `${parts.value} ${parts.unit}`;
}

export function formatCount(n: number, lang: Lang): string {
  return numberFormat(lang, 0).format(n);
}
