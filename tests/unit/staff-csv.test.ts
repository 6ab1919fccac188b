import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/csv.js';
import { checkImport } from '../../shared/csv-signings.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent();

describe('checkImport', () => {
  it('reads Chinese headers, names, country names and 亿', () => {
    const { rows, errors } = checkImport(
      [
        ['项目名称', '投资方', '国家', '签约方', '金额', '行业', '场馆', '展区', '签约时间'],
        ['测试场', 'Acme', '美国', '滨海', '3.5亿', '人工智能', 'v1', '人工智能', '2024-06-20 09:15'],
      ],
      event,
    );
    expect(errors).toEqual([]);
    expect(rows[0]!.input).toMatchObject({ investorCountry: 'US', amount: 3.5e8, currency: 'CNY', sector: 'ai', areaId: 'ai', signedAt: '2024-06-20T09:15:00+08:00' });
  });

  it('names the line and field of each problem and skips blank lines', () => {
    const { rows, errors } = checkImport(
      [
        ['title', 'investor', 'country', 'partner', 'amount', 'sector', 'venue', 'area'],
        ['', '', '', '', '', '', '', ''],
        ['A', 'B', 'US', 'C', '5 zillion', 'ai', 'v1', 'ai'],
        ['A', 'B', 'US', 'C', '1亿', 'nope', 'v1', 'ai'],
      ],
      event,
    );
    expect(rows).toEqual([]);
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual(['3:amount', '4:sector']);
    expect(errors[0]!.message.en).toContain('unknown unit');
  });

  it('refuses a file whose header it does not understand', () => {
    const { errors } = checkImport([['titel', 'investor']], event);
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['titel', 'title', 'amount']));
  });
});

describe('CSV export cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 22 1234', "'+86 22 1234"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['plain 文本', 'plain 文本'],
  ])('%j → %s', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('keeps numbers as numbers and starts with a BOM', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(toCsv(['a'], [[1]])).toBe('\uFEFFa\r\n1\r\n');
  });
});
