import { describe, expect, it } from 'vitest';
import { eventConfigSchema } from '../../shared/event-config.js';
import { signingInputSchema } from '../../shared/signing.js';
import { defaultEvent, sampleSigning } from '../support/server.js';

const event = defaultEvent();
const schema = signingInputSchema(event);

function fieldsOf(input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return [...new Set(result.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path.join('.')])))].sort();
}

describe('signing input schema', () => {
  it('accepts a valid signing', () => {
    expect(fieldsOf(sampleSigning())).toEqual([]);
    expect(fieldsOf(sampleSigning({ signedAt: '2024-06-20T10:00:00+08:00' }))).toEqual([]);
  });

  it.each([
    ['empty strings', { title: '', investor: '   ' }, ['investor', 'title']],
    ['negative amount', { amount: -1 }, ['amount']],
    ['zero amount', { amount: 0 }, ['amount']],
    ['huge amount', { amount: 1e13 }, ['amount']],
    ['infinite amount', { amount: Infinity }, ['amount']],
    ['NaN amount', { amount: NaN }, ['amount']],
    ['amount as a string', { amount: '5000' }, ['amount']],
    ['below one yuan', { amount: 0.1 }, ['amount']],
    ['unknown venue', { venueId: 'v99' }, ['venueId']],
    ['unknown area', { areaId: 'nope' }, ['areaId']],
    ['unknown sector', { sector: 'nope' }, ['sector']],
    ['bad country code', { investorCountry: 'XX' }, ['investorCountry']],
    ['lower-case country code', { investorCountry: 'de' }, ['investorCountry']],
    ['unknown currency', { currency: 'XYZ' }, ['currency']],
    ['date without offset', { signedAt: '2024-06-20 10:00' }, ['signedAt']],
    ['date in 1970', { signedAt: '1970-01-01T00:00:00Z' }, ['signedAt']],
    ['date in 9999', { signedAt: '9999-01-01T00:00:00Z' }, ['signedAt']],
  ])('rejects %s', (_name, overrides, fields) => {
    expect(fieldsOf({ ...sampleSigning(), ...overrides })).toEqual(fields);
  });

  it('rejects unknown fields and non-objects', () => {
    expect(fieldsOf({ ...sampleSigning(), admin: true })).toEqual(['admin']);
    expect(fieldsOf(null)).toEqual(['']);
    expect(fieldsOf([])).toEqual(['']);
  });

  it('converts a foreign amount before checking the limit', () => {
    expect(fieldsOf(sampleSigning({ amount: 2e11, currency: 'USD' }))).toEqual(['amount']);
    expect(fieldsOf(sampleSigning({ amount: 1e11, currency: 'JPY' }))).toEqual([]);
  });
});

describe('event configuration', () => {
  it('ships a valid default event with the reference facts', () => {
    expect(event.venues).toHaveLength(8);
    // Ten exhibition areas, each in its venue, and one for forums and events tied to none.
    expect(event.areas.filter((a) => a.venueId)).toHaveLength(10);
    expect(event.areas.filter((a) => !a.venueId).map((a) => a.id)).toEqual(['forums']);
    expect(new Set(event.venues.map((v) => v.name.en)).size).toBe(8);
    expect(event.facts).toEqual({ exhibitors: 550, countriesAndRegions: 49, floorAreaM2: 100000 });
    expect(event.targets).toEqual({ contracts: 100, investmentCny: 100_000_000_000, visitors: 160_000 });
    expect(event.days?.map((d) => d.date)).toEqual(['2024-06-20', '2024-06-21', '2024-06-22', '2024-06-23']);
  });

  it('names the field that is wrong', () => {
    const broken = { ...event, timeZone: 'Mars/Olympus', areas: [{ id: 'x', name: { zh: 'x', en: 'x' }, venueId: 'v99' }] };
    const result = eventConfigSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('timeZone');
  });
});
