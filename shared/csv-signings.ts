/**
 * Signings as CSV rows, for import (validated row by row with the shared schema) and export.
 * Headers may be Chinese or English; venue, area and sector may be ids or names.
 */
import { parseAmount, type Bilingual } from './amount.js';
import { COUNTRY_CODES, countryName, isCountryCode } from './countries.js';
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
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Which column holds which field; unknown headers are errors, so a typo is not silently dropped. */
function mapHeader(header: string[]): { columns: Map<Column, number>; errors: RowError[] } {
  const columns = new Map<Column, number>();
  const errors: RowError[] = [];
  header.forEach((raw, index) => {
    const name = norm(raw);
    const field = (Object.keys(HEADERS) as Column[]).find((f) => HEADERS[f].includes(name));
    if (field) columns.set(field, index);
    else if (name) errors.push({ line: 1, field: raw, message: { zh: `未知列“${raw}”`, en: `unknown column "${raw}"` } });
  });
  for (const field of REQUIRED) {
    if (!columns.has(field)) {
      errors.push({ line: 1, field, message: { zh: `缺少列：${HEADERS[field].at(-1)}`, en: `missing column: ${HEADERS[field][0]}` } });
    }
  }
  return { columns, errors };
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
  countryIndex ??= new Map(COUNTRY_CODES.flatMap((c) => [[norm(countryName(c, 'zh')), c], [norm(countryName(c, 'en')), c]] as const));
  return countryIndex.get(norm(value)) ?? value.trim();
}

/** Checks every data row; the import goes ahead only when `errors` is empty. */
export function checkImport(records: string[][], event: EventConfig): ImportCheck {
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: 'file', message: { zh: '文件为空', en: 'the file is empty' } }] };
  const { columns, errors } = mapHeader(header);
  if (errors.length > 0) return { rows: [], errors };
  const schema = signingInputSchema(event);
  const rows: ImportCheck['rows'] = [];
  data.forEach((record, i) => {
    const line = i + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const cell = (f: Column) => {
      const index = columns.get(f);
      return index === undefined ? '' : (record[index] ?? '');
    };
    const rowErrors: RowError[] = [];
    const amount = parseAmount(cell('amount'));
    if (!amount.ok) rowErrors.push({ line, field: 'amount', message: amount.error });
    const signedAtText = cell('signedAt').trim();
    const signedAt = signedAtText ? (isoFromWallClock(signedAtText, event.timeZone) ?? signedAtText) : undefined;
    const candidate = {
      title: cell('title'),
      investor: cell('investor'),
      investorCountry: countryCode(cell('investorCountry')),
      partner: cell('partner'),
      amount: amount.ok ? amount.value : 1,
      currency: cell('currency').trim().toUpperCase() || 'CNY',
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
    if (rowErrors.length > 0 || !result.success) errors.push(...rowErrors);
    else rows.push({ line, input: result.data });
  });
  if (rows.length === 0 && errors.length === 0) {
    errors.push({ line: 2, field: 'file', message: { zh: '没有数据行', en: 'no data rows' } });
  }
  return { rows, errors };
}

export const EXPORT_HEADER = [
  'id', 'title', 'investor', 'investorCountry', 'partner', 'amount', 'currency', 'rate', 'amountCny',
  'sector', 'venueId', 'areaId', 'signedAt', 'status', 'version', 'createdBy', 'createdAt', 'updatedAt',
] as const;

export function exportRow(s: Signing): unknown[] {
  return EXPORT_HEADER.map((h) => s[h]);
}
