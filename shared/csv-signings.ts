/**
 * Signings as CSV rows, for import (validated row by row with the shared schema) and export.
 * Headers may be Chinese or English; venue, area and sector may be ids or names.
 */
import { parseAmount, parseCurrency, type Bilingual } from './amount.js';
import { COUNTRY_CODES, countryName, isCountryCode, type RegionNaming } from './countries.js';
import { unguardCell } from './csv.js';
import type { EventConfig, LocalizedName } from './event-config.js';
import { signingInputSchema, type Signing, type SigningInput } from './signing.js';
import { isoFromWallClock } from './time.js';

type Column = keyof SigningInput;

const HEADERS: Record<Column, string[]> = {
  title: ['title', 'project', 'project title', '项目', '项目名称'],
  investor: ['investor', '投资方', '投资企业'],
  investorCountry: ['investor country', 'investorcountry', 'country', '国家', '国家/地区', '投资方国家', '投资方国家/地区'],
  partner: ['partner', '签约方', '合作方'],
  amount: ['amount', '金额', '投资金额'],
  currency: ['currency', '币种'],
  sector: ['sector', '行业', '产业'],
  venueId: ['venue', 'venueid', 'venue id', '场馆'],
  areaId: ['area', 'areaid', 'area id', 'exhibition area', '展区'],
  signedAt: ['signed at', 'signedat', 'signing time', '签约时间'],
};

/** Columns the export writes that an import does not take: ignored, with a notice. `status` decides which rows count. */
const EXPORT_ONLY = ['id', 'rate', 'amountcny', 'status', 'version', 'createdby', 'createdat', 'updatedat', 'investorcountryname'];

/**
 * The template's headers: Chinese and English in one cell, as either language's reader
 * looks for. An import takes them, the single-language names above, and the export's.
 */
export const TEMPLATE_HEADER = [
  '项目名称 title',
  '投资方 investor',
  '投资方国家/地区 investor country',
  '签约方 partner',
  '金额 amount',
  '币种 currency',
  '行业 sector',
  '场馆 venue',
  '展区 area',
  '签约时间 signed at',
] as const;

const REQUIRED: Column[] = ['title', 'investor', 'investorCountry', 'partner', 'amount', 'sector', 'venueId', 'areaId'];

export interface RowError {
  /** The line in the file, counting the header as line 1: what a spreadsheet shows. */
  line: number;
  field: string;
  message: Bilingual;
}

export interface ImportCheck {
  rows: Array<{ line: number; input: SigningInput }>;
  errors: RowError[];
  /** What was read but left out on purpose: export-only columns, rows that did not count where they came from. */
  notices: Bilingual[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A header cell to its field: the whole name, or either half of a bilingual one ("金额 amount"). */
function fieldOf(raw: string): Column | undefined {
  const name = norm(raw);
  const space = name.indexOf(' ');
  const candidates = space > 0 ? [name, name.slice(0, space), name.slice(space + 1)] : [name];
  for (const candidate of candidates) {
    const field = (Object.keys(HEADERS) as Column[]).find((f) => HEADERS[f].includes(candidate));
    if (field) return field;
  }
  return undefined;
}

/**
 * Which column holds which field. The export's own extra columns are ignored (`status` is
 * read to leave out rows that did not count); any other unknown header is an error, so a
 * typo is not silently dropped.
 */
function mapHeader(header: string[]): { columns: Map<Column, number>; status?: number; ignored: string[]; errors: RowError[] } {
  const columns = new Map<Column, number>();
  const errors: RowError[] = [];
  const ignored: string[] = [];
  let status: number | undefined;
  header.forEach((raw, index) => {
    const field = fieldOf(raw);
    const name = norm(raw);
    if (field) columns.set(field, index);
    else if (EXPORT_ONLY.includes(name)) {
      ignored.push(raw.trim());
      if (name === 'status') status = index;
    } else if (name) errors.push({ line: 1, field: raw, message: { zh: `未知列“${raw}”`, en: `unknown column "${raw}"` } });
  });
  for (const field of REQUIRED) {
    if (!columns.has(field)) {
      errors.push({ line: 1, field, message: { zh: `缺少列：${HEADERS[field].at(-1)}`, en: `missing column: ${HEADERS[field][0]}` } });
    }
  }
  return { columns, ...(status === undefined ? {} : { status }), ignored, errors };
}

/** An id, or a Chinese or English name, to the id. */
function byName(items: Array<{ id: string; name: LocalizedName }>, value: string): string {
  const v = norm(value);
  return items.find((i) => i.id === value.trim() || norm(i.name.zh) === v || norm(i.name.en) === v)?.id ?? value.trim();
}

let countryIndex: Map<string, string> | undefined;

function countryCode(value: string): string {
  const upper = value.trim().toUpperCase();
  if (isCountryCode(upper)) return upper;
  // Both namings: 中国香港 and 香港, "Hong Kong, China" and Hong Kong.
  const iso = { names: 'iso', flags: 'own' } as const;
  countryIndex ??= new Map(
    COUNTRY_CODES.flatMap((c) => [countryName(c, 'zh'), countryName(c, 'en'), countryName(c, 'zh', iso), countryName(c, 'en', iso)].map((n) => [norm(n), c] as const)),
  );
  return countryIndex.get(norm(value)) ?? value.trim();
}

/** Rows of these statuses did not count where they were exported from, so they are not imported. */
const NOT_COUNTED = new Set(['voided', 'held', 'draft']);

/** Checks every data row; the import goes ahead only when `errors` is empty. */
export function checkImport(records: string[][], event: EventConfig): ImportCheck {
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: 'file', message: { zh: '文件为空', en: 'the file is empty' } }], notices: [] };
  const { columns, status, ignored, errors } = mapHeader(header);
  if (errors.length > 0) return { rows: [], errors, notices: [] };
  const schema = signingInputSchema(event);
  const rows: ImportCheck['rows'] = [];
  const skipped = new Map<string, number>();
  data.forEach((record, i) => {
    const line = i + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const rowStatus = status === undefined ? '' : (record[status] ?? '').trim().toLowerCase();
    if (NOT_COUNTED.has(rowStatus)) {
      skipped.set(rowStatus, (skipped.get(rowStatus) ?? 0) + 1);
      return;
    }
    const result = checkRow(record, line, columns, event, schema);
    if ('errors' in result) errors.push(...result.errors);
    else rows.push({ line, input: result.input });
  });
  if (rows.length === 0 && errors.length === 0 && skipped.size === 0) {
    errors.push({ line: 2, field: 'file', message: { zh: '没有数据行', en: 'no data rows' } });
  }
  return { rows, errors, notices: importNotices(ignored, skipped) };
}

const STATUS_ZH: Record<string, string> = { voided: '已作废', held: '待复核', draft: '待核实' };

function importNotices(ignored: string[], skipped: Map<string, number>): Bilingual[] {
  const notices: Bilingual[] = [];
  if (ignored.length > 0) {
    notices.push({ zh: `已忽略导出专用列：${ignored.join('、')}`, en: `export-only columns ignored: ${ignored.join(', ')}` });
  }
  for (const [s, n] of skipped) {
    notices.push({ zh: `未导入 ${n} 行${STATUS_ZH[s]}的签约（不计入总额）`, en: `${n} ${s} row${n === 1 ? '' : 's'} not imported (they did not count)` });
  }
  return notices;
}

function checkRow(
  record: string[],
  line: number,
  columns: Map<Column, number>,
  event: EventConfig,
  schema: ReturnType<typeof signingInputSchema>,
): { input: SigningInput } | { errors: RowError[] } {
  // The export guards text against formulas with a leading apostrophe; the import takes it off again.
  const cell = (f: Column) => {
    const index = columns.get(f);
    return index === undefined ? '' : unguardCell(record[index] ?? '');
  };
  const rowErrors: RowError[] = [];
  const amount = parseAmount(cell('amount'));
  if (!amount.ok) rowErrors.push({ line, field: 'amount', message: amount.error });
  const currencyText = cell('currency').trim();
  const currency = currencyText ? (parseCurrency(currencyText) ?? currencyText.toUpperCase()) : amount.ok && amount.currency ? amount.currency : 'CNY';
  if (amount.ok && amount.currency && currencyText && amount.currency !== currency) {
    rowErrors.push({ line, field: 'currency', message: { zh: `金额写的是 ${amount.currency}，币种列是 ${currency}`, en: `the amount says ${amount.currency}, the currency column ${currency}` } });
  }
  const signedAtText = cell('signedAt').trim();
  const signedAt = signedAtText ? (isoFromWallClock(signedAtText, event.timeZone) ?? signedAtText) : undefined;
  const candidate = {
    title: cell('title'),
    investor: cell('investor'),
    investorCountry: countryCode(cell('investorCountry')),
    partner: cell('partner'),
    amount: amount.ok ? amount.value : 1,
    currency,
    sector: byName(event.sectors, cell('sector')),
    venueId: byName(event.venues, cell('venueId')),
    areaId: byName(event.areas, cell('areaId')),
    ...(signedAt ? { signedAt } : {}),
  };
  const result = schema.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path.map(String).join('.');
      if (field === 'amount' && !amount.ok) continue;
      rowErrors.push({ line, field, message: { zh: `第 ${line} 行 ${field}：${issue.message}`, en: issue.message } });
    }
  }
  return rowErrors.length > 0 || !result.success ? { errors: rowErrors } : { input: result.data };
}

export const EXPORT_HEADER = [
  'id', 'title', 'investor', 'investorCountry', 'investorCountryName', 'partner', 'amount', 'currency', 'rate', 'amountCny',
  'sector', 'venueId', 'areaId', 'signedAt', 'status', 'version', 'createdBy', 'createdAt', 'updatedAt',
] as const;

/** One signing as an export row; the country's name follows the event's region naming. */
export function exportRow(s: Signing, naming?: RegionNaming): unknown[] {
  return EXPORT_HEADER.map((h) => (h === 'investorCountryName' ? countryName(s.investorCountry, 'zh', naming) : s[h]));
}
