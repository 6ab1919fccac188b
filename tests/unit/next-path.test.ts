import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../client/login/next-path.js';

const ORIGIN = 'https://pavilion.example';
/** What the login page does with `?next=…` as a browser sends it in the address. */
const fromQuery = (query: string) => safeNextPath(new URLSearchParams(query).get('next'), ORIGIN);

describe('where a login leads', () => {
  it('keeps paths of this site, with their query and fragment', () => {
    expect(safeNextPath('/staff/signings?page=2#top', ORIGIN)).toBe('/staff/signings?page=2#top');
    expect(safeNextPath('/organizer', ORIGIN)).toBe('/organizer');
    expect(fromQuery('next=%2Fadmin%3Ftab%3Dusers')).toBe('/admin?tab=users');
  });

  it.each([
    ['/\\evil.example', 'a backslash the browser reads as a slash'],
    ['//evil.example', 'a protocol-relative address'],
    ['/\t/evil.example', 'a tab the URL parser drops'],
    ['/./\\evil.example', 'a dot segment before a backslash'],
    ['/.//evil.example', 'a path that resolves to //host'],
    ['https://evil.example', 'another site'],
    ['javascript:alert(1)', 'a script'],
    ['evil.example', 'a relative name'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (next) => {
    expect(safeNextPath(next, ORIGIN)).toBe('/staff');
  });

  it('refuses /%5Cevil.example as it arrives in the address', () => {
    expect(fromQuery('next=/%5Cevil.example')).toBe('/staff');
    expect(fromQuery('next=%2F%5Cevil.example')).toBe('/staff');
    expect(fromQuery('next=javascript:alert(1)')).toBe('/staff');
    expect(safeNextPath(null, ORIGIN)).toBe('/staff');
  });

  it('never returns anything that leaves the site when the browser follows it', () => {
    for (const next of ['/\\evil.example', '//evil.example', '/%5Cevil.example', '/.//evil.example', '/%2F%2Fevil.example', '/ok']) {
      const target = new URL(safeNextPath(next, ORIGIN), ORIGIN);
      expect(target.origin).toBe(ORIGIN);
    }
  });
});
