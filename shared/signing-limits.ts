/**
 * The server's rule for amounts it will not put on a wall without a second look. The desk
 * warns with the same rule before saving (`unitGuard`), so both sides agree on what is held.
 */
import type { Bilingual } from './amount.js';
import type { SigningLimits } from './event-config.js';
import { formatCny } from './format.js';

export type HoldCode = 'below-minimum' | 'above-maximum' | 'above-median';

/** Why a signing is held for review instead of counted. */
export interface Hold {
  code: HoldCode;
  reason: Bilingual;
}

/** What the review factor compares with: the counted signings' median and how many there are. */
export interface CountedStats {
  medianCny: number | undefined;
  count: number;
}

export function amountHold(amountCny: number, limits: SigningLimits, counted: CountedStats): Hold | null {
  if (amountCny < limits.minCny) {
    return {
      code: 'below-minimum',
      reason: {
        zh: `金额不足 ${formatCny(limits.minCny, 'zh')}（${formatCny(amountCny, 'zh')}），单位是否正确？`,
        en: `under ${formatCny(limits.minCny, 'en')} (${formatCny(amountCny, 'en')}): is the unit right?`,
      },
    };
  }
  if (amountCny > limits.maxCny) {
    return {
      code: 'above-maximum',
      reason: {
        zh: `单笔金额超过 ${formatCny(limits.maxCny, 'zh')}（${formatCny(amountCny, 'zh')}），需复核`,
        en: `over ${formatCny(limits.maxCny, 'en')} in one signing (${formatCny(amountCny, 'en')}): needs review`,
      },
    };
  }
  const { medianCny } = counted;
  if (counted.count >= limits.reviewMinCount && medianCny !== undefined && medianCny > 0 && amountCny > limits.reviewFactor * medianCny) {
    const times = Math.round(amountCny / medianCny);
    return {
      code: 'above-median',
      reason: {
        zh: `金额是本届签约中位数（${formatCny(medianCny, 'zh')}）的 ${times} 倍，单位是否正确？`,
        en: `${times}× the median signing (${formatCny(medianCny, 'en')}): is the unit right?`,
      },
    };
  }
  return null;
}

/**
 * The amounts of counted signings, kept sorted so the median is one look-up. Inserting into a
 * sorted array is a memmove: microseconds for the hundreds of signings an expo has, and still
 * under a millisecond at the bench's 100,000.
 */
export class CountedAmounts {
  #sorted: number[] = [];

  constructor(amounts: Iterable<number> = []) {
    this.#sorted = [...amounts].sort((a, b) => a - b);
  }

  get stats(): CountedStats {
    const n = this.#sorted.length;
    if (n === 0) return { medianCny: undefined, count: 0 };
    const mid = n >> 1;
    const medianCny = n % 2 ? this.#sorted[mid]! : (this.#sorted[mid - 1]! + this.#sorted[mid]!) / 2;
    return { medianCny, count: n };
  }

  add(amount: number): void {
    this.#sorted.splice(this.#lowerBound(amount), 0, amount);
  }

  remove(amount: number): void {
    const at = this.#lowerBound(amount);
    if (this.#sorted[at] === amount) this.#sorted.splice(at, 1);
  }

  #lowerBound(amount: number): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#sorted[mid]! < amount) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
