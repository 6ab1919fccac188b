import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../server/spreadsheets/read-table.js';

const CSV = '项目名称,投资方,金额\n智能网联汽车测试场,天津港集团,50亿\n';

describe('reading a spreadsheet', () => {
  it('reads UTF-8 CSV, with or without a BOM', async () => {
    for (const bytes of [Buffer.from(CSV), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)])]) {
      const table = await readTable(bytes, 10);
      expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8' });
      expect(table.rows).toEqual([
        ['项目名称', '投资方', '金额'],
        ['智能网联汽车测试场', '天津港集团', '50亿'],
      ]);
    }
  });

  it('reads GB18030 (GBK) CSV as Chinese Excel saves it, and says so', async () => {
    // The system's iconv makes the bytes, independently of the decoder under test.
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: CSV });
    expect(gbk.equals(Buffer.from(CSV))).toBe(false);
    const table = await readTable(gbk, 10);
    expect(table.encoding).toBe('gb18030');
    expect(table.rows[1]).toEqual(['智能网联汽车测试场', '天津港集团', '50亿']);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 text', async () => {
    await expect(readTable(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xff, 0x0a]), 10)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('reads XLSX with numbers and dates as typed', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('签约');
    sheet.addRow(['title', 'amount', 'signed at', 'note']);
    sheet.addRow(['Test ground', 5_000_000_000, new Date(Date.UTC(2024, 5, 20, 10, 30)), { richText: [{ text: 'rich ' }, { text: 'text' }] }]);
    sheet.addRow(['Formula', { formula: '1+1', result: 2 }, null, 'x']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = await readTable(bytes, 10);
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([
      ['title', 'amount', 'signed at', 'note'],
      ['Test ground', '5000000000', '2024-06-20 10:30:00', 'rich text'],
      ['Formula', '2', '', 'x'],
    ]);
  });

  it('stops one row past the limit and refuses the file with 413', async () => {
    const rows = ['a,b', ...Array.from({ length: 50 }, (_, i) => `${i},${i}`)].join('\n');
    await expect(readTable(Buffer.from(rows), 20)).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(readTable(Buffer.from(rows), 50)).resolves.toMatchObject({ format: 'csv' });
  });
});
