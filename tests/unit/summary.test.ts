import { describe, expect, it } from 'vitest';
import type { Signing } from '../../shared/signing.js';
import { applySigningChange, emptySummary, summarize } from '../../shared/summary.js';

const TZ = 'Asia/Shanghai';

function signing(overrides: Partial<Signing> = {}): Signing {
  return {
    id: 's1',
    title: 't',
    investor: 'i',
    investorCountry: 'DE',
    partner: 'p',
    amount: 100,
    currency: 'CNY',
    amountCny: 100,
    rate: 1,
    sector: 'ai',
    venueId: 'v1',
    areaId: 'ai',
    signedAt: '2024-06-20T01:30:00.000Z',
    status: 'published',
    version: 1,
    createdAt: '2024-06-20T01:30:00.000Z',
    updatedAt: '2024-06-20T01:30:00.000Z',
    createdBy: 'staff',
    ...overrides,
  };
}

describe('summary arithmetic', () => {
  it('adds a signing to every breakdown, bucketed by local day and hour', () => {
    const s = emptySummary();
    applySigningChange(s, null, signing({ signedAt: '2024-06-20T16:30:00.000Z' }), TZ);
    expect(s.signings).toEqual({ count: 1, amountCny: 100 });
    expect(s.byVenue).toEqual({ v1: { count: 1, amountCny: 100 } });
    expect(s.byCountry).toEqual({ DE: { count: 1, amountCny: 100 } });
    // 16:30 UTC is 00:30 the next day in Tianjin.
    expect(s.byDay).toEqual({ '2024-06-21': { count: 1, amountCny: 100 } });
    expect(s.byHour).toEqual({ '2024-06-21T00': { count: 1, amountCny: 100 } });
  });

  it('moves totals on an edit and drops keys that reach zero', () => {
    const s = emptySummary();
    const before = signing();
    const after = signing({ venueId: 'v2', amountCny: 250, version: 2 });
    applySigningChange(s, null, before, TZ);
    applySigningChange(s, before, after, TZ);
    expect(s.signings).toEqual({ count: 1, amountCny: 250 });
    expect(s.byVenue).toEqual({ v2: { count: 1, amountCny: 250 } });
  });

  it('does not count drafts or voided signings', () => {
    const s = emptySummary();
    const published = signing();
    applySigningChange(s, null, signing({ status: 'draft' }), TZ);
    expect(s.signings.count).toBe(0);
    applySigningChange(s, null, published, TZ);
    applySigningChange(s, published, signing({ status: 'voided', version: 2 }), TZ);
    expect(s).toEqual(emptySummary());
  });

  it('equals a recomputation after any sequence of changes', () => {
    const live = emptySummary();
    const current = new Map<string, Signing>();
    for (let i = 0; i < 200; i++) {
      const id = `s${i % 37}`;
      const previous = current.get(id) ?? null;
      const next = signing({
        id,
        amountCny: (i * 7919) % 100_000,
        venueId: `v${i % 8}`,
        status: i % 11 === 0 ? 'voided' : 'published',
        signedAt: new Date(Date.UTC(2024, 5, 20, i % 24)).toISOString(),
      });
      applySigningChange(live, previous, next, TZ);
      current.set(id, next);
    }
    expect(live).toEqual(summarize(current.values(), TZ));
  });

  it('stays exact for large yuan amounts', () => {
    const s = summarize(
      Array.from({ length: 1000 }, (_, i) => signing({ id: `s${i}`, amountCny: 999_999_999_999 })),
      TZ,
    );
    expect(s.signings.amountCny).toBe(999_999_999_999_000);
    expect(Number.isSafeInteger(s.signings.amountCny)).toBe(true);
  });
});
