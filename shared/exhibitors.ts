import { z } from 'zod';

/** One exhibitor of the list organizers import (`POST /api/v1/exhibitors/import`). */
export const exhibitorSchema = z
  .object({
    name: z.string().trim().min(1).max(300),
    /** Country or region as written in the list (a code or a name); distinct values are counted. */
    country: z.string().trim().min(1).max(100),
    areaId: z.string().trim().max(40).optional(),
    booth: z.string().trim().max(40).optional(),
  })
  .strict();

export type Exhibitor = z.infer<typeof exhibitorSchema>;

/** The counts screens show when a list exists: exhibitors, and distinct countries and regions. */
export function exhibitorCounts(list: readonly Exhibitor[]): { exhibitors: number; countriesAndRegions: number } {
  return { exhibitors: list.length, countriesAndRegions: new Set(list.map((e) => e.country.trim().toUpperCase())).size };
}

/** Header names taken for each column, in either language; matching ignores case and spaces. */
const HEADERS: Record<keyof Exhibitor, string[]> = {
  name: ['name', 'exhibitor', 'company', '名称', '展商', '展商名称', '企业名称', '参展商'],
  country: ['country', 'region', 'countryorregion', 'country/region', '国家', '地区', '国家或地区', '国家/地区', '国家和地区'],
  areaId: ['area', 'area id', 'exhibition area', '展区'],
  booth: ['booth', 'stand', '展位', '展位号'],
};

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '');

export interface ExhibitorImportError {
  line: number;
  field: string;
  message: { zh: string; en: string };
}

export interface ExhibitorImportCheck {
  rows: Array<{ line: number; exhibitor: Exhibitor }>;
  errors: ExhibitorImportError[];
}

/**
 * Reads an exhibitor list (header row first): name and country or region are required; an
 * area, given by id or by its name in either language, must be one of the event's.
 */
export function checkExhibitorImport(records: string[][], areas: ReadonlyArray<{ id: string; name: { zh: string; en: string } }>): ExhibitorImportCheck {
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: 'file', message: { zh: '文件为空', en: 'the file is empty' } }] };
  const columns: Partial<Record<keyof Exhibitor, number>> = {};
  header.forEach((cell, i) => {
    for (const [field, names] of Object.entries(HEADERS) as Array<[keyof Exhibitor, string[]]>) {
      if (names.some((n) => norm(n) === norm(cell)) && columns[field] === undefined) columns[field] = i;
    }
  });
  const missing = (['name', 'country'] as const).filter((f) => columns[f] === undefined);
  if (missing.length > 0) {
    return {
      rows: [],
      errors: missing.map((f) => ({ line: 1, field: f, message: { zh: `缺少列：${HEADERS[f][4] ?? f}`, en: `missing column: ${f}` } })),
    };
  }
  const areaOf = new Map<string, string>();
  for (const a of areas) for (const key of [a.id, a.name.zh, a.name.en]) areaOf.set(norm(key), a.id);
  const rows: ExhibitorImportCheck['rows'] = [];
  const errors: ExhibitorImportError[] = [];
  data.forEach((record, i) => {
    const line = i + 2;
    const cell = (f: keyof Exhibitor) => (columns[f] === undefined ? '' : (record[columns[f]!] ?? '').trim());
    if (record.every((c) => c.trim() === '')) return;
    const areaText = cell('areaId');
    const areaId = areaText ? areaOf.get(norm(areaText)) : undefined;
    if (areaText && !areaId) errors.push({ line, field: 'area', message: { zh: `未知展区“${areaText}”`, en: `unknown area "${areaText}"` } });
    const parsed = exhibitorSchema.safeParse({
      name: cell('name'),
      country: cell('country'),
      ...(areaId ? { areaId } : {}),
      ...(cell('booth') ? { booth: cell('booth') } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        errors.push({ line, field, message: { zh: field === 'name' ? '缺少名称' : field === 'country' ? '缺少国家或地区' : '无效', en: `${field}: ${issue.message}` } });
      }
    } else if (!areaText || areaId) rows.push({ line, exhibitor: parsed.data });
  });
  return { rows, errors };
}
