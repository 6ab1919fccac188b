import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/csv.js';

describe('CSV cells with a semicolon', () => {
  it.each([
    ['Siemens AG; Healthineers', '"Siemens AG; Healthineers"'],
    [';', '";"'],
    ['a;"b"', '"a;""b"""'],
    ['=1;2', `"'=1;2"`],
  ])('%j → %s', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('stay one cell for a reader that splits on semicolons, as Excel does in European locales', () => {
    const csv = toCsv(['title', 'investor'], [['Phase 1; phase 2', 'Example GmbH']]);
    const rows = parse(csv, { bom: true, delimiter: ';', relax_quotes: true }) as string[][];
    // Not split at the semicolon inside the title (the comma is that reader's text, not its separator).
    expect(rows[1]).toHaveLength(1);
    expect(parse(csv, { bom: true }) as string[][]).toEqual([['title', 'investor'], ['Phase 1; phase 2', 'Example GmbH']]);
  });
});
