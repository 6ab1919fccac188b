import { describe, expect, it } from 'vitest';
import { applyFrame, type LiveState } from '../../client/lib/sequence.js';
import { LiveEvents, type SigningChange } from '../../shared/live.js';
import type { Signing } from '../../shared/signing.js';
import { emptySummary } from '../../shared/summary.js';

const state = (seq: number): LiveState => ({ seq, summary: { ...emptySummary(), seq }, recent: [] });
const change = (seq: number, id = `s${seq}`): SigningChange => ({
  type: LiveEvents.signingCreated,
  seq,
  signing: { id, status: 'published', signedAt: new Date(seq * 1000).toISOString() } as Signing,
});

describe('applying frames in seq order', () => {
  it('applies a frame that follows on', () => {
    const out = applyFrame(state(3), { seq: 4, prevSeq: 3, changes: [change(4)], summary: { ...emptySummary(), seq: 4 } }, 10);
    expect(out.kind).toBe('applied');
    if (out.kind === 'applied') {
      expect(out.state.seq).toBe(4);
      expect(out.fresh.map((c) => c.seq)).toEqual([4]);
    }
  });

  it('skips changes already held when a frame overlaps', () => {
    const out = applyFrame(state(5), { seq: 6, prevSeq: 3, changes: [change(4), change(5), change(6)] }, 10);
    expect(out.kind === 'applied' && out.fresh.map((c) => c.seq)).toEqual([6]);
  });

  it('reports a gap when the frame starts after what is held', () => {
    expect(applyFrame(state(3), { seq: 6, prevSeq: 4, changes: [change(5), change(6)] }, 10).kind).toBe('gap');
  });

  it('ignores a frame it already has', () => {
    expect(applyFrame(state(6), { seq: 6, prevSeq: 4, changes: [change(6)] }, 10).kind).toBe('stale');
  });

  it('caps the recent list and drops voided signings', () => {
    let s = state(0);
    for (let i = 1; i <= 20; i++) {
      const out = applyFrame(s, { seq: i, prevSeq: i - 1, changes: [change(i)] }, 5);
      if (out.kind === 'applied') s = out.state;
    }
    expect(s.recent.map((r) => r.id)).toEqual(['s20', 's19', 's18', 's17', 's16']);
    const voided: SigningChange = { ...change(21, 's20'), signing: { ...change(21, 's20').signing, status: 'voided' } };
    const out = applyFrame(s, { seq: 21, prevSeq: 20, changes: [voided] }, 5);
    expect(out.kind === 'applied' && out.state.recent.map((r) => r.id)).toEqual(['s19', 's18', 's17', 's16']);
  });
});
