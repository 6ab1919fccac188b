import { pinyin } from 'pinyin-pro';
import { COUNTRY_CODES, countryName, type RegionNaming } from '../../shared/countries.js';

export interface CountryOption {
  code: string;
  zh: string;
  en: string;
  /** 德国 → "deguo", and its initials "dg". */
  pinyin: string;
  initials: string;
}

/** Every country and region with what it can be found by, under the event's naming. */
export function countryOptions(naming?: RegionNaming): CountryOption[] {
  return COUNTRY_CODES.map((code) => {
    const zh = countryName(code, 'zh', naming);
    const syllables = pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'removed' });
    return {
      code,
      zh,
      en: countryName(code, 'en', naming),
      pinyin: syllables.join('').toLowerCase(),
      initials: syllables.map((s) => s[0] ?? '').join('').toLowerCase(),
    };
  });
}

/**
 * Options matching what was typed: the code, the Chinese or English name, the pinyin
 * (`deguo`, `de guo`) or its initials (`dg`); the closest matches first.
 */
export function findCountries(options: readonly CountryOption[], query: string, max: number): CountryOption[] {
  const q = query.normalize('NFKC').trim().toLowerCase();
  if (!q) return options.slice(0, max);
  const compact = q.replace(/\s+/g, '');
  const score = (o: CountryOption): number => {
    if (o.code.toLowerCase() === q) return 0;
    if (o.zh.startsWith(q) || o.en.toLowerCase().startsWith(q) || o.pinyin.startsWith(compact) || o.initials === compact) return 1;
    if (o.initials.startsWith(compact)) return 2;
    if (o.zh.includes(q) || o.en.toLowerCase().includes(q) || o.pinyin.includes(compact)) return 3;
    return 9;
  };
  return options
    .map((o) => ({ o, s: score(o) }))
    .filter(({ s }) => s < 9)
    .sort((a, b) => a.s - b.s)
    .slice(0, max)
    .map(({ o }) => o);
}
