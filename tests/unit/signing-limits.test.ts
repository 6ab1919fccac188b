import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../shared/amount.js';
import { signingLimitsSchema } from '../../shared/event-config.js';
import { amountHold, CountedAmounts } from '../../shared/signing-limits.js';
import { screenChange } from '../../server/live/fold.js';
import { storedSigning } from '../support/server.js';

const limits = signingLimitsSchema.parse({});

describe('the amount limits', () => {
  it('default to 1万元, 1,000亿元 and 50× the median of ten counted signings', () => {
    expect(limits).toEqual({ minCny: 1e4, maxCny: 1e11, reviewFactor: 50, reviewMinCount: 10 });
    const few = { medianCny: 1e8, count: 9 };
    const enough = { medianCny: 1e8, count: 10 };
    expect(amountHold(9999, limits, enough)?.code).toBe('below-minimum');
    expect(amountHold(1e4, limits, enough)).toBeNull();
    expect(amountHold(1e11, limits, { medianCny: 1e10, count: 10 })).toBeNull();
    expect(amountHold(1e11 + 1, limits, few)?.code).toBe('above-maximum');
    expect(amountHold(50e8, limits, enough)).toBeNull();
    expect(amountHold(50e8 + 1, limits, enough)?.code).toBe('above-median');
    expect(amountHold(60e8, limits, few)).toBeNull();
  });

  it('keeps the median of counted amounts as signings come and go', () => {
    const op = fc.oneof(
      fc.record({ add: fc.constant(true as const), amount: fc.integer({ min: 1, max: 1e6 }) }),
      fc.record({ add: fc.constant(false as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const tracked = new CountedAmounts();
        const naive: number[] = [];
        for (const o of ops) {
          if (o.add) {
            tracked.add(o.amount);
            naive.push(o.amount);
          } else if (naive.length > 0) {
            const [gone] = naive.splice(o.index % naive.length, 1);
            tracked.remove(gone!);
          }
        }
        expect(tracked.stats).toEqual({ medianCny: median(naive), count: naive.length });
      }),
    );
  });
});

describe('what screens hear of a signing change', () => {
  const base = storedSigning();
  const draft = { ...base, status: 'draft' as const };
  const held = { ...base, status: 'held' as const, hold: { code: 'above-maximum' as const, reason: { zh: '复核', en: 'review' } } };

  it('says nothing of signings that do not count', () => {
    expect(screenChange({ seq: 1, signing: draft, previous: null })).toBeNull();
    expect(screenChange({ seq: 2, signing: { ...held, version: 2 }, previous: held })).toBeNull();
  });

  it('announces a signing as created when it starts to count, without staff names', () => {
    const change = screenChange({ seq: 3, signing: { ...base, version: 2 }, previous: held });
    expect(change?.type).toBe('signing:created');
    expect(change?.signing).not.toHaveProperty('createdBy');
    expect(change?.signing).not.toHaveProperty('hold');
  });

  it('withdraws a signing that stops counting as screens last showed it', () => {
    const edited = { ...base, status: 'draft' as const, title: 'unpublished title', amountCny: 9e9, version: 2 };
    const change = screenChange({ seq: 4, signing: edited, previous: base });
    expect(change).toMatchObject({ type: 'signing:voided', signing: { title: base.title, amountCny: 5e9, status: 'draft', version: 2 } });
  });
});
