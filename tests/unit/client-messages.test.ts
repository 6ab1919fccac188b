import { describe, expect, it } from 'vitest';
import { bi, both, t } from '../../client/lib/i18n/index.js';
import { en } from '../../client/lib/i18n/en.js';
import { zh } from '../../client/lib/i18n/zh.js';
import { errorText, issueTexts } from '../../client/lib/i18n/errors.js';
import { ApiError, NetworkError } from '../../client/lib/http.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { FIELD_CODES, fieldIssues } from '../../shared/field-issues.js';
import { signingInputSchema } from '../../shared/signing.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent();
const good = {
  title: 'Port phase two',
  investor: 'Acme',
  investorCountry: 'DE',
  partner: 'Tianjin Port',
  amount: 5e9,
  currency: 'CNY',
  sector: event.sectors[0]!.id,
  venueId: event.venues[0]!.id,
  areaId: event.areas.find((a) => a.venueId === event.venues[0]!.id)!.id,
};

describe('message catalogue', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as Array<keyof typeof zh>) expect(holes(en[key]), key).toEqual(holes(zh[key]));
  });

  it('words every error code and every field code', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(zh).toHaveProperty(`error.${code}`);
    for (const code of FIELD_CODES) expect(zh).toHaveProperty(`field.${code}`);
  });

  it('fills placeholders and shows both languages on one line', () => {
    expect(t('field.too_long', { max: 200 }, 'zh')).toBe('最多 200 个字符');
    expect(bi('field.too_long', { max: 200 })).toEqual({ zh: '最多 200 个字符', en: 'at most 200 characters' });
    expect(both('login.submit')).toBe('登录 Log in');
  });
});

describe('field codes from the shared schema', () => {
  it('gives every broken rule of a signing a stable code, whatever its English says', () => {
    const result = signingInputSchema(event).safeParse({
      ...good,
      title: '',
      partner: 'x'.repeat(201),
      investorCountry: 'XX',
      sector: 'nope',
      venueId: 'nowhere',
      currency: 'ZZZ',
      signedAt: '1990-01-01T00:00:00+08:00',
      extra: 1,
    });
    expect(result.success).toBe(false);
    const codes = fieldIssues(result.error!.issues);
    expect(codes).toMatchObject({
      title: { code: 'required' },
      partner: { code: 'too_long', params: { max: 200 } },
      investorCountry: { code: 'country' },
      sector: { code: 'unknown_sector' },
      venueId: { code: 'unknown_venue' },
      currency: { code: 'one_of' },
      signedAt: { code: 'year_range' },
      extra: { code: 'unknown_field' },
    });
  });

  it('codes the amount and area rules written in the schema', () => {
    const area = event.areas[0]!;
    const venue = event.venues.find((v) => v.id !== area.venueId)!;
    const result = signingInputSchema(event).safeParse({ ...good, amount: 2e12, venueId: venue.id, areaId: area.id });
    const codes = fieldIssues(result.error!.issues);
    expect(codes.amount).toEqual({ code: 'amount_over_limit' });
    expect(codes.areaId).toEqual({ code: 'area_in_other_venue', params: { areaVenue: area.venueId, venue: venue.id } });
    expect(issueTexts(result.error!.issues).amount).toEqual({ zh: '超过 1 万亿元', en: 'more than 1 万亿元 (1 trillion yuan)' });
  });
});

describe('error text', () => {
  it('comes from the code, not from the English message', () => {
    const error = new ApiError(409, { error: { code: 'version_conflict', message: 'reworded by someone' } });
    expect(errorText(error)).toEqual(bi('error.version_conflict'));
    expect(errorText(new ApiError(429, { error: { code: 'rate_limited', message: 'x' } }, 7)).zh).toBe('请求过多，请 7 秒后再试');
    expect(errorText(new NetworkError('reset'))).toEqual(bi('error.network'));
    expect(errorText(new NetworkError('slow', true))).toEqual(bi('error.timeout'));
  });
});
