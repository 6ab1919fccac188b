import type { z } from 'zod';

/**
 * Stable codes for what is wrong with one field, sent beside the English `fields` messages
 * (`fieldCodes` in the error body) so that a client shows its own words in its own language
 * and a reworded English message changes nothing on screen. Custom rules name their code in
 * the schema with `params: { code }`; zod's own checks map by kind.
 */
export const FIELD_CODES = [
  'required',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'not_positive',
  'one_of',
  'invalid_format',
  'datetime',
  'year_range',
  'country',
  'unknown_field',
  'unknown_venue',
  'unknown_area',
  'unknown_sector',
  'area_in_other_venue',
  'amount_over_limit',
  'amount_under_one_yuan',
  'version_changed',
  'invalid',
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

export interface FieldIssue {
  code: FieldCode;
  params?: Record<string, string | number>;
}

/** `params` for a custom zod rule, so that its issue carries a stable code. */
export const withCode = (code: FieldCode, params: Record<string, string | number> = {}) => ({ params: { ...params, code } });

const isFieldCode = (value: unknown): value is FieldCode => typeof value === 'string' && (FIELD_CODES as readonly string[]).includes(value);

export function fieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { code: 'required' } : { code: 'too_short', params: { min } };
      if (issue.origin === 'number' && min === 0 && !issue.inclusive) return { code: 'not_positive' };
      return { code: 'too_small', params: { min } };
    }
    case 'too_big':
      return issue.origin === 'string' ? { code: 'too_long', params: { max: Number(issue.maximum) } } : { code: 'too_large', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return issue.format === 'datetime' ? { code: 'datetime' } : { code: 'invalid_format', params: { format: issue.format } };
    case 'invalid_value':
      return { code: 'one_of', params: { values: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as Record<string, string | number>;
      return isFieldCode(code) ? { code, ...(Object.keys(params).length > 0 ? { params } : {}) } : { code: 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}

/** One code per field path, keyed as the server keys `fields` (the first issue of a field wins). */
export function fieldIssues(issues: ReadonlyArray<z.core.$ZodIssue>, whole = 'body'): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out[[...issue.path, key].join('.')] ??= { code: 'unknown_field' };
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : whole;
    out[key] ??= fieldIssue(issue);
  }
  return out;
}
