import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/types.js';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { createOp, defineStoreContract } from './store-contract.js';

// Fails the file at once, with the connection error, when PostgreSQL is not running.
beforeAll(() => adminQuery('SELECT 1'));

defineStoreContract('postgres', async () => {
  const schema = uniqueSchema();
  return {
    open: () => openTestStore(schema),
    destroy: () => dropSchema(schema),
  };
});

describe('postgres: one global order across instances', () => {
  it('never lets a reader skip a seq that commits later', async () => {
    const schema = uniqueSchema();
    const writers = [openTestStore(schema), openTestStore(schema), openTestStore(schema)];
    const reader = openTestStore(schema);
    try {
      await Promise.all([...writers, reader].map((s) => s.migrate()));
      let writing = true;
      const write = async (store: Store) => {
        while (writing) await store.commit(Array.from({ length: 1 + Math.floor(Math.random() * 5) }, () => createOp()));
      };
      const writes = Promise.all(writers.map(write));
      // A reader that trusts changesSince must see seqs 1, 2, 3, ... with no hole, however the writers interleave.
      let last = 0;
      for (const until = Date.now() + 2000; Date.now() < until; ) {
        for (const change of await reader.changesSince(last, 1000)) {
          expect(change.seq).toBe(last + 1);
          last = change.seq;
        }
      }
      writing = false;
      await writes;
      expect(last).toBeGreaterThan(20);
    } finally {
      await Promise.all([...writers, reader].map((s) => s.close()));
      await dropSchema(schema);
    }
  });
});
