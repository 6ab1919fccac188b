import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgres/migrations.js';
import { SQLITE_MIGRATIONS } from '../../server/store/sqlite/migrations.js';

// A database records only how many migrations it has applied, so an applied migration whose text
// changes would never run again: these hashes keep each one exactly as databases received it.
const APPLIED = {
  sqlite: ['14dad50a0337e4ce', '67ebad377d35ddc5', '4c8512f992aa4c30', '42503e3f21ac62dc', 'd822c019e922a795', '9296865d982344ff', '2ad7f429a80937f0', '53e10208b062ef64'],
  postgres: ['9d65a0f15d9ba940', 'e88a2be3f9f6d8db', '7118a3029da4a47d', 'd4b405eff72432ba', '0ff4fa376642df8d', '43b41d23b6574999', '2addb8ea1fe93b3e', 'c68c9384316085fb'],
};

const digest = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16);

describe('schema migrations', () => {
  it.each([
    ['sqlite', SQLITE_MIGRATIONS],
    ['postgres', POSTGRES_MIGRATIONS],
  ] as const)('%s keeps every applied migration to the byte; new ones only append', (dialect, migrations) => {
    const applied = APPLIED[dialect];
    expect(migrations.slice(0, applied.length).map(digest)).toEqual(applied);
  });
});
