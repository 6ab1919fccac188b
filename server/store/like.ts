/**
 * A `LIKE` pattern that finds `text` anywhere, with the wildcards `%` and `_` (and the escape
 * character itself) taken literally: both stores use it with `ESCAPE '\'`, as a bound parameter.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
