import fs from 'node:fs';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import { tempDir } from '../support/server.js';
import { defineStoreContract } from './store-contract.js';

defineStoreContract('sqlite', async () => {
  const dir = tempDir('pavilion-contract-');
  return {
    open: () => openSqliteStore(dir),
    destroy: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
