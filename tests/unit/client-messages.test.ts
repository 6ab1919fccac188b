import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bi, both, htmlLang, t } from '../../client/lib/i18n/index.js';
import { en } from '../../client/lib/i18n/en.js';
import { publicEn, publicZh } from '../../client/lib/i18n/public.js';
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

const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every page's source under client/, outside the catalogue itself. */
function pageSources(dir = 'client'): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) return file === join('client', 'lib', 'i18n') ? [] : pageSources(file);
    return /\.(svelte|ts)$/.test(entry.name) ? [{ file, text: readFileSync(file, 'utf8') }] : [];
  });
}
/** Comments may quote Chinese (亿, 万, 德国 → deguo); only code and markup count. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|(^|[^:'"`])\/\/.*$/gm, '$1');

describe('message catalogue', () => {
  it('has every key in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh) as Array<keyof typeof zh>) expect(holes(en[key]), key).toEqual(holes(zh[key]));
  });

  it('gives the phone page and the embeds their own small catalogue, with the same keys and placeholders', () => {
    expect(Object.keys(publicEn).sort()).toEqual(Object.keys(publicZh).sort());
    for (const key of Object.keys(publicZh) as Array<keyof typeof publicZh>) expect(holes(publicEn[key]), key).toEqual(holes(publicZh[key]));
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

describe('pages speak through the catalogue', () => {
  it('never show the server’s English error message: errors are worded from their code', () => {
    // `.error.message` of a raw body, or an ApiError's `message` (the server's English).
    const offenders = pageSources()
      .filter(({ file }) => file !== join('client', 'lib', 'http.ts'))
      .filter(({ text }) => /\.error\??\.message\b|ApiError \? error\.message|instanceof Error \? error\.message/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('keep no Chinese text outside the catalogue, but for the names of the languages in a language picker', () => {
    const LANGUAGE_NAMES = /"中文"|>中文<|>中\/EN</g;
    const offenders = pageSources()
      .filter(({ text }) => /[\u4e00-\u9fff]/.test(withoutComments(text).replace(LANGUAGE_NAMES, '')))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('set <html lang> to the language shown', () => {
    expect([htmlLang('zh'), htmlLang('en')]).toEqual(['zh-CN', 'en']);
  });
});
