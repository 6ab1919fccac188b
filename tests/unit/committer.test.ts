import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../server/live/feed.js';
import { GroupCommitter } from '../../server/store/committer.js';
import type { Store } from '../../server/store/types.js';
import type { Change, CreateSigningOp, WriteOp, WriteResult } from '../../server/store/operations.js';

/** A store that records batches and numbers changes like a database would. */
function fakeStore(log: Change[] = []) {
  const batches: number[] = [];
  const store = {
    async commit(ops: WriteOp[]): Promise<Array<WriteResult | Error>> {
      batches.push(ops.length);
      return (ops as CreateSigningOp[]).map((op) => {
        if (op.idempotencyKey === 'bad') return new Error('boom');
        const change = { seq: log.length + 1, type: 'signing.created', signing: op.signing } as Change;
        log.push(change);
        return { type: 'signing.created', signing: op.signing, seq: change.seq, changes: [change] };
      });
    },
    async changesSince(seq: number) {
      return log.filter((c) => c.seq > seq);
    },
  } as unknown as Store;
  return { store, batches, log };
}

const op = (key: string) => ({ type: 'signing.create', idempotencyKey: key, signing: { id: key } }) as unknown as WriteOp;

describe('group commit', () => {
  it('commits requests of the same turn in one batch and hands changes over in order', async () => {
    const { store, batches } = fakeStore();
    const seen: number[] = [];
    const committer = new GroupCommitter(store, (changes) => seen.push(...changes.map((c) => c.seq)));
    const results = await Promise.all(['a', 'b', 'c'].map((k) => committer.submit(op(k))));
    expect(batches).toEqual([3]);
    expect(results.map((r) => (r.type === 'signing.created' ? r.seq : 0))).toEqual([1, 2, 3]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('fails one operation alone', async () => {
    const { store } = fakeStore();
    const committer = new GroupCommitter(store, () => {});
    const [good, bad] = await Promise.allSettled([committer.submit(op('a')), committer.submit(op('bad'))]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
  });
});

describe('change feed', () => {
  it('reads missing changes from the store before applying a later one', async () => {
    const { store, log } = fakeStore();
    const applied: number[] = [];
    const target = {
      seq: 0,
      apply(changes: Change[]) {
        for (const c of changes) if (c.seq === this.seq + 1) applied.push((this.seq = c.seq));
      },
    };
    const feed = new ChangeFeed(store, target, (e) => {
      throw e;
    });
    for (let seq = 1; seq <= 5; seq++) log.push({ seq } as Change);
    feed.push([log[4]!]);
    await feed.catchUp();
    expect(applied).toEqual([1, 2, 3, 4, 5]);
  });
});
