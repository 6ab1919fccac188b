import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/amount.js';
import { cnyUnit, formatCny, type Lang } from '../../shared/format.js';

/** What the screen shows, as a number: the amount rounded to the places formatCny keeps. */
function shown(amountCny: number, lang: Lang): number {
  const unit = cnyUnit(amountCny, lang);
  const step = unit.divisor === 1 ? 1 : unit.divisor / 10;
  return Math.round(amountCny / step) * step;
}

describe('the desk reads back what it writes', () => {
  it.each(['zh', 'en'] as const)('parseAmount(formatCny(x, %s)) is the amount shown', (lang) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), (amount) => {
        const text = formatCny(amount, lang);
        const parsed = parseAmount(text);
        expect(parsed, text).toMatchObject({ ok: true });
        if (parsed.ok) expect(Math.abs(parsed.value - shown(amount, lang)), text).toBeLessThan(0.01 * Math.max(1, shown(amount, lang) / 1e12));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads exact amounts back exactly, in 亿元, 万元 and 元', () => {
    const exact = fc.oneof(
      fc.integer({ min: 1, max: 99_999 }).map((n) => n * 1e7), // 0.1 亿 steps from 1 亿 up
      fc.integer({ min: 10, max: 99_999 }).map((n) => n * 1e3), // 0.1 万 steps below 1 亿
      fc.integer({ min: 1, max: 9_999 }),
    );
    fc.assert(
      fc.property(exact, (amount) => {
        expect(parseAmount(formatCny(amount, 'zh'))).toMatchObject({ ok: true, value: amount });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads Chinese numerals for any amount in 万 and 亿', () => {
    const numerals = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    /** 0 < n < 10000 in Chinese numerals, as written: 三千五百, 一千零五, 十二. */
    const chinese = (n: number): string => {
      const places: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
      let out = '';
      let zero = false;
      for (const [p, unit] of places) {
        const d = Math.floor(n / p) % 10;
        if (d === 0) zero = out !== '';
        else {
          out += (zero ? '零' : '') + numerals[d] + unit;
          zero = false;
        }
      }
      return out;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 9999 }), (yi, wan) => {
        const text = `${chinese(yi)}亿${wan ? chinese(wan) + '万' : ''}`;
        expect(parseAmount(text), text).toMatchObject({ ok: true, value: yi * 1e8 + wan * 1e4 });
      }),
      { numRuns: 1000 },
    );
  });
});
