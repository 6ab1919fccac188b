import { describe, expect, it } from 'vitest';
import { cnyUnit, formatCny, formatCnyParts, formatCount } from '../../shared/format.js';
import { toCny } from '../../shared/currency.js';
import { flagOf, isCountryCode } from '../../shared/countries.js';
import { localHourKey } from '../../shared/time.js';

describe('formatting', () => {
  it.each([
    [105_360_000_000, 'zh', '1,053.6 亿元'],
    [5_000_000_000, 'zh', '50 亿元'],
    [80_000_000, 'zh', '8,000 万元'],
    [9_999, 'zh', '9,999 元'],
    [105_360_000_000, 'en', '105.4 billion yuan'],
    [80_000_000, 'en', '80 million yuan'],
    [0, 'en', '0 yuan'],
  ] as const)('%d in %s is %s', (amount, lang, text) => {
    expect(formatCny(amount, lang)).toBe(text);
  });

  it('keeps a fixed unit while counting up', () => {
    const unit = cnyUnit(100_000_000_000, 'zh');
    expect(formatCnyParts(50_000_000, 'zh', unit)).toEqual({ value: '0.5', unit: '亿元' });
  });

  it('groups counts', () => {
    expect(formatCount(12345, 'en')).toBe('12,345');
  });
});

describe('currency and places', () => {
  const event = { exchangeRates: { USD: 7.12 } };

  it('converts to whole yuan at the configured rate', () => {
    expect(toCny(100, 'USD', event)).toEqual({ amountCny: 712, rate: 7.12 });
    expect(toCny(0.3, 'USD', event)).toEqual({ amountCny: 2, rate: 7.12 });
    expect(toCny(5, 'CNY', event)).toEqual({ amountCny: 5, rate: 1 });
    expect(toCny(5, 'XYZ', event)).toBeUndefined();
  });

  it('knows country codes and their flags', () => {
    expect(isCountryCode('CN')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('cn')).toBe(false);
    expect(flagOf('DE')).toBe('🇩🇪');
  });

  it('buckets times in the event time zone', () => {
    expect(localHourKey('2024-06-20T15:59:59Z', 'Asia/Shanghai')).toBe('2024-06-20T23');
    expect(localHourKey('2024-06-20T16:00:01Z', 'Asia/Shanghai')).toBe('2024-06-21T00');
  });
});
