import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open.js';
import { SQLITE_FILE, openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import { issueToken, postSigning, startServer, tempDir, type TestServer } from '../support/server.js';

/** Permission bits of a path, e.g. 0o600. */
const mode = (p: string) => fs.statSync(p).mode & 0o777;

let server: TestServer | undefined;
const stores: Store[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** Every folder and file under `dir`, with its mode. */
function modes(dir: string): Record<string, number> {
  const found: Record<string, number> = { '.': mode(dir) };
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) found[entry] = mode(path.join(dir, entry));
  return found;
}

describe('the data folder', () => {
  it('is the owner\'s alone: folder 0700, database, WAL and shared-memory files 0600, whatever the umask', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const previous = process.umask(0o022);
    try {
      server = await startServer({ dataDir, store: openSqliteStore(dataDir) });
      const token = await issueToken(server.url, 'staff');
      expect((await postSigning(server.url, token)).res.status).toBe(201);
      stores.push(openStore({ dataDir, databaseUrl: undefined }, 'rehearsal'));
    } finally {
      process.umask(previous);
    }
    const found = modes(dataDir);
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining(['.', SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, 'rehearsal', `rehearsal/${SQLITE_FILE}`]),
    );
    for (const [name, bits] of Object.entries(found)) {
      expect({ name, mode: bits.toString(8) }).toEqual({ name, mode: fs.statSync(path.join(dataDir, name)).isDirectory() ? '700' : '600' });
    }
  });

  it('tightens a folder and files an older start left readable', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    stores.push(openSqliteStore(dataDir));
    await stores.pop()!.close();
    for (const f of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, f), 0o644);
    stores.push(openSqliteStore(dataDir));
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, SQLITE_FILE))).toBe(0o600);
  });
});
