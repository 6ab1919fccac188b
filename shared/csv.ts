/** CSV as spreadsheets write and read it. */

const BOM = '\uFEFF';

/**
 * One cell. Text starting with = + - @ (or a tab or carriage return) would run as a formula
 * in Excel or LibreOffice, so it gets a leading apostrophe; numbers stay numbers. A `;` is
 * quoted like a comma: Excel in many European locales splits on it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A cell as it was before `csvCell` guarded it: the apostrophe in front of = + - @ (or a tab
 * or carriage return) comes off. Any other leading apostrophe is the text's own.
 */
export function unguardCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** UTF-8 with a BOM, so that Excel shows Chinese text correctly; CRLF line ends. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
