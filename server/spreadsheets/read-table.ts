import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { HttpError } from '../http/errors.js';

/** A spreadsheet as rows of cell texts, with what was read. */
export interface Table {
  rows: string[][];
  format: 'csv' | 'xlsx';
  /** For CSV: the encoding the bytes were read in. */
  encoding?: 'utf-8' | 'gb18030';
}

/** The content types an import route takes as its raw body. */
export const SPREADSHEET_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Reads a CSV (UTF-8, or GB18030/GBK as Chinese Excel saves it) or an XLSX file (Excel, WPS,
 * LibreOffice) into rows. Reading stops one row past `maxRows`, and a file with more rows
 * is refused with 413: parsed whole, a 10 MB file of short rows took 1.4 GB.
 */
export async function readTable(body: Buffer, maxRows: number): Promise<Table> {
  const table = body.subarray(0, 4).equals(ZIP_MAGIC) ? await readXlsx(body, maxRows) : readCsvBytes(body, maxRows);
  if (table.rows.length - 1 > maxRows) {
    throw new HttpError('payload_too_large', `the file has more than ${maxRows} rows: import at most ${maxRows} rows per file`, {
      file: `more than ${maxRows} rows`,
    });
  }
  return table;
}

/** The bytes as text: UTF-8 when they are valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeSpreadsheetText(body: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(body), encoding };
    } catch {
      // Not this encoding; try the next.
    }
  }
  throw new HttpError('invalid_request', 'the file is neither UTF-8 nor GB18030/GBK text: save it as "CSV UTF-8" or as XLSX', {
    file: 'unknown text encoding',
  });
}

function readCsvBytes(body: Buffer, maxRows: number): Table {
  const { text, encoding } = decodeSpreadsheetText(body);
  return { rows: parseCsvText(text, maxRows), format: 'csv', encoding };
}

/** Spreadsheet CSV: BOM or not, CRLF or LF, quoted cells with commas and line breaks. */
export function parseCsvText(text: string, maxRows: number): string[][] {
  try {
    // The header and one row more than allowed: enough to tell that the file is too long.
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, to: maxRows + 2 }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new HttpError('invalid_request', `the file is not valid CSV${line ? ` (near line ${line})` : ''}`, { file: 'invalid CSV' });
  }
}

async function readXlsx(body: Buffer, maxRows: number): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want its own Buffer flavour; a Node Buffer is what it reads.
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch {
    throw new HttpError('invalid_request', 'the file is not a readable XLSX workbook', { file: 'invalid XLSX' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], format: 'xlsx' };
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > maxRows + 1) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return { rows, format: 'xlsx' };
}

/**
 * A cell as the text a CSV cell would hold. Numbers keep every digit (no locale grouping);
 * dates, which Excel stores without a zone, become the wall-clock time they show, which the
 * import reads on the event's clock.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return String(value);
}
