import { beforeAll } from 'vitest';
import { adminQuery, dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { defineStoreContract } from './store-contract.js';

// Fails the file at once, with the connection error, when PostgreSQL is not running.
beforeAll(() => adminQuery('SELECT 1'));

defineStoreContract('postgres', async () => {
  const schema = uniqueSchema();
  return {
    open: () => openTestStore(schema),
    destroy: () => dropSchema(schema),
  };
});
