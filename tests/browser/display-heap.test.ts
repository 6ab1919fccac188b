import { describe, expect, it } from 'vitest';
import type { Change } from '../../server/store/operations.js';
import type { Signing } from '../../shared/signing.js';
import { browserTests, heapAfterGc } from '../support/browser.js';

/** JS heap of an open /display after garbage collection, after 5,000 live updates. */
const HEAP_BOUND_BYTES = 16 * 1024 * 1024;
/** Growth over the heap after the first snapshot: buffers are capped, so updates must not pile up. */
const GROWTH_BOUND_BYTES = 6 * 1024 * 1024;
const UPDATES = 5000;
const PER_FRAME = 25;
const SLOW = { timeout: 15_000 };

const chromium = browserTests();

const COUNTRIES = ['DE', 'CN', 'JP', 'US', 'SG', 'FR', 'KR', 'GB'];
const SECTORS = ['ai', 'icv', 'new-energy', 'semiconductors', 'biomedicine'];

function synthetic(seq: number): Change {
  // Spread over four days of hours so every chart bucket fills.
  const signedAt = new Date(Date.UTC(2024, 5, 20, 1) + (seq % 96) * 3_600_000).toISOString();
  const signing: Signing = {
    id: `heap-${seq}`,
    title: `Synthetic project ${seq}`,
    investor: `Investor ${seq}`,
    investorCountry: COUNTRIES[seq % COUNTRIES.length]!,
    partner: 'Binhai New Area',
    amount: 1_000_000 * (1 + (seq % 500)),
    currency: 'CNY',
    amountCny: 1_000_000 * (1 + (seq % 500)),
    rate: 1,
    sector: SECTORS[seq % SECTORS.length]!,
    venueId: `v${1 + (seq % 8)}`,
    areaId: 'ai',
    signedAt,
    status: 'published',
    version: 1,
    createdAt: signedAt,
    updatedAt: signedAt,
    createdBy: 'heap-test',
  };
  return { seq, type: 'signing.created', at: signedAt, actor: 'heap-test', signing, previous: null };
}

describe('/display over a long run', () => {
  it(`keeps the JS heap under ${HEAP_BOUND_BYTES / 2 ** 20} MB after ${UPDATES} updates`, async () => {
    const server = await chromium.start();
    const { page } = await chromium.page({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/display?scenes=headline:2,signings:2,charts:2,venue:2&card=1&lang=zh-en&alternate=2`);
    await expect.poll(() => page.getByTestId('contracts').textContent(), SLOW).toBe('0');
    await page.getByTestId('chart-cumulative').locator('canvas').waitFor({ state: 'attached' });
    const before = await heapAfterGc(page);

    const hub = server.pavilion.hub;
    for (let sent = 0; sent < UPDATES; ) {
      const changes: Change[] = [];
      // Mostly bursts, with single signings between them so the takeover card runs too.
      const size = sent % 500 === 0 ? 1 : PER_FRAME;
      for (let i = 0; i < size && sent < UPDATES; i++, sent++) changes.push(synthetic(hub.seq + 1 + i));
      hub.apply(changes);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await expect
      .poll(() => page.getByTestId('display').evaluate(() => document.querySelector('[data-testid=contracts]')?.textContent), { timeout: 30_000 })
      .toMatch(/^5[,，]?000$/);

    const after = await heapAfterGc(page);
    console.log(`display heap after GC: ${(before / 2 ** 20).toFixed(1)} MB at start, ${(after / 2 ** 20).toFixed(1)} MB after ${UPDATES} updates`);
    expect(after).toBeLessThan(HEAP_BOUND_BYTES);
    expect(after - before).toBeLessThan(GROWTH_BOUND_BYTES);
    await page.close();
  }, 120_000);
});
