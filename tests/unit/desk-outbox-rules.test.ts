import { describe, expect, it } from 'vitest';
import { alreadyApplied, backoffMs, opRequest } from '../../client/staff/outbox-rules.js';
import { countryOptions, findCountries } from '../../client/staff/country-search.js';
import { countryName, flagOf } from '../../shared/countries.js';
import { sampleSigning, storedSigning } from '../support/server.js';

const base = storedSigning({ version: 3 });

describe('the outbox rules', () => {
  it('backs off 1 s, 2 s, 4 s … up to 30 s, within ±20 %', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 30_000]);
    expect(backoffMs(1, () => 0)).toBe(800);
    expect(backoffMs(1, () => 1)).toBe(1200);
  });

  it('sends edits, voids and confirmations with the version they were made against', () => {
    expect(opRequest({ kind: 'void', id: 's1', version: 3, reason: 'dup', base })).toEqual({ method: 'POST', path: '/signings/s1/void', body: { reason: 'dup', version: 3 } });
    expect(opRequest({ kind: 'edit', id: 's1', version: 3, reason: 'typo', input: sampleSigning(), base }).body).toMatchObject({ version: 3, reason: 'typo' });
  });

  it('takes a 409 on a replay as done only when the server holds exactly what was asked', () => {
    const edit = { kind: 'edit' as const, id: 's1', version: 3, reason: 'typo', input: sampleSigning({ title: 'Fixed' }), base };
    expect(alreadyApplied(edit, { ...base, title: 'Fixed', version: 4 })).toBe(true);
    expect(alreadyApplied(edit, { ...base, title: 'Someone else', version: 4 })).toBe(false);
    expect(alreadyApplied(edit, { ...base, title: 'Fixed', version: 5 })).toBe(false);
    const release = { kind: 'release' as const, id: 's1', version: 3, base: { ...base, status: 'held' as const } };
    expect(alreadyApplied(release, { ...base, status: 'published', version: 4 })).toBe(true);
    expect(alreadyApplied(release, { ...base, status: 'voided', version: 4 })).toBe(false);
  });
});

describe('country search and region naming', () => {
  const options = countryOptions();
  const first = (q: string) => findCountries(options, q, 8)[0]?.code;

  it('finds by pinyin, initials, Chinese, English and code', () => {
    const found = { deguo: 'DE', 'de guo': 'DE', dg: 'DE', 德国: 'DE', germ: 'DE', de: 'DE', xianggang: 'HK', zgxg: 'HK' };
    for (const [query, code] of Object.entries(found)) expect(first(query), query).toBe(code);
  });

  it('names HK, MO and TW as a mainland expo must, unless the event says otherwise', () => {
    expect(countryName('HK', 'zh')).toBe('中国香港');
    expect(countryName('MO', 'en')).toBe('Macao, China');
    expect(countryName('TW', 'zh')).toBe('中国台湾');
    expect(flagOf('TW')).toBe(flagOf('CN'));
    expect(flagOf('HK', { names: 'china', flags: 'own' })).toBe('🇭🇰');
    expect(flagOf('TW', { names: 'china', flags: 'none' })).toBe('');
    expect(countryName('HK', 'zh', { names: 'iso', flags: 'own' })).toBe(new Intl.DisplayNames(['zh'], { type: 'region' }).of('HK'));
    expect(flagOf('DE')).toBe('🇩🇪');
  });
});
