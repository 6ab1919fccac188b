import { describe, expect, it } from 'vitest';
import { echoAmount, median, parseAmount, parseCurrency, unitGuard } from '../../shared/amount.js';

const rates = { exchangeRates: { USD: 7.12 } };

describe('parseAmount', () => {
  it.each([
    ['50亿', 5e9],
    ['50 亿', 5e9],
    ['50亿元', 5e9],
    ['3.5亿', 3.5e8],
    ['8000万', 8e7],
    ['8000万元', 8e7],
    ['1.2 billion', 1.2e9],
    ['1.2 Billion', 1.2e9],
    ['1.2bn', 1.2e9],
    ['5 million', 5e6],
    ['120,000,000', 1.2e8],
    ['120000000', 1.2e8],
    ['５０亿', 5e9],
    ['１２０，０００，０００', 1.2e8],
    ['１．５亿', 1.5e8],
    ['2万亿', 2e12],
    ['300 k', 3e5],
    ['  7,500.50 ', 7500.5],
    ['1千万', 1e7],
    ['100 元', 100],
    ['50億', 5e9],
    ['8000萬', 8e7],
    ['五十亿', 5e9],
    ['三千五百万', 3.5e7],
    ['一点二亿', 1.2e8],
    ['两千万', 2e7],
    ['兩千萬', 2e7],
    ['一亿三千万', 1.3e8],
    ['5亿5千万', 5.5e8],
    ['十二点五万', 125_000],
    ['一百零五', 105],
    ['十万', 1e5],
    ['３５００万元', 3.5e7],
    ['1.2亿元', 1.2e8],
    ['2.5 亿元', 2.5e8],
    ['1,234 元', 1234],
    ['1.2万亿', 1.2e12],
  ])('%s → %d', (input, expected) => {
    expect(parseAmount(input)).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['', 'enter an amount'],
    ['   ', 'enter an amount'],
    ['abc', 'is not an amount'],
    ['-5亿', 'greater than 0'],
    ['0', 'greater than 0'],
    ['0.00万', 'greater than 0'],
    ['1.2.3', 'is not an amount'],
    ['1,20,000', 'groups of three'],
    ['12,34', 'groups of three'],
    ['50 zillion', 'unknown unit'],
    ['五五', 'is not an amount'],
    ['3五亿', 'is not an amount'],
    ['一点亿', 'is not an amount'],
    ['万', 'is not an amount'],
    ['5 块', 'unknown unit'],
    ['亿', 'is not an amount'],
    ['1e9', 'is not an amount'],
    ['$5', 'is not an amount'],
  ])('%j is refused (%s)', (input, message) => {
    const result = parseAmount(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.en).toContain(message);
      expect(result.error.zh.length).toBeGreaterThan(0);
    }
  });
});

describe('currencies by name', () => {
  it.each([
    ['5000万美元', 5e7, 'USD'],
    ['1.2亿人民币', 1.2e8, 'CNY'],
    ['300万欧元', 3e6, 'EUR'],
    ['2亿港币', 2e8, 'HKD'],
    ['2亿港元', 2e8, 'HKD'],
    ['十亿日元', 1e9, 'JPY'],
    ['US$ 5 million', 5e6, 'USD'],
    ['5 million USD', 5e6, 'USD'],
  ])('%s → %d %s', (input, value, currency) => {
    expect(parseAmount(input)).toEqual({ ok: true, value, currency });
  });

  it('reads names and codes as codes', () => {
    const codes = { 人民币: 'CNY', 美元: 'USD', ' usd ': 'USD', 港币: 'HKD', 日元: 'JPY', EUR: 'EUR', 金币: undefined };
    for (const [name, code] of Object.entries(codes)) expect(parseCurrency(name), name).toBe(code);
  });
});

describe('echoAmount', () => {
  it('reads yuan back in 亿 and in digits', () => {
    expect(echoAmount(5e9, 'CNY', rates).words).toBe('50 亿元 = 5,000,000,000 yuan');
  });
  it('shows the converted yuan and the rate for a foreign currency', () => {
    const echo = echoAmount(1e8, 'USD', rates);
    expect(echo.words).toBe('100,000,000 USD');
    expect(echo.converted).toContain('712,000,000 yuan');
    expect(echo.converted).toContain('1 USD = 7.12 CNY');
    expect(echo.amountCny).toBe(712_000_000);
  });
});

describe('unitGuard', () => {
  it('asks below 1 万元', () => expect(unitGuard(5000, { medianCny: undefined, count: 0 })?.en).toContain('under 10,000 yuan'));
  it('asks above 50× the median', () => expect(unitGuard(51e8, { medianCny: 1e8, count: 10 })?.zh).toContain('51 倍'));
  it('lets ordinary amounts through', () => {
    expect(unitGuard(50e8, { medianCny: 1e8, count: 10 })).toBeNull();
    expect(unitGuard(1e4, { medianCny: undefined, count: 0 })).toBeNull();
  });
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});
