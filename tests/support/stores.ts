import Database from 'better-sqlite3';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { Store } from '../../server/store/types.js';
import { dropSchema, openTestStore, uniqueSchema } from './postgres.js';
import type { AppDeps } from '../../server/app.js';
import { startServer, tempDir, type TestServer } from './server.js';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * Fresh stores of both kinds for the tests of one file: SQLite in a temporary folder, PostgreSQL
 * in a schema of its own. `drop()` removes the schemas opened since it last ran; call it after
 * closing the servers that use them, so no pool holds a lock on what is dropped. `serve()` starts
 * the app on a fresh store, and `cleanup()` closes those servers and then drops.
 */
export function storesUnderTest(schemaPrefix: string) {
  const schemas: string[] = [];
  const servers: TestServer[] = [];
  return {
    kinds: ['sqlite', 'postgres'] as const satisfies readonly StoreKind[],
    open(kind: StoreKind): Store {
      if (kind === 'sqlite') return openSqliteStore(tempDir());
      const schema = uniqueSchema(schemaPrefix);
      schemas.push(schema);
      return openTestStore(schema);
    },
    async drop(): Promise<void> {
      await Promise.all(schemas.splice(0).map(dropSchema));
    },
    /** The app on a fresh store of `kind`, or on `options.store` when given. */
    async serve(kind: StoreKind, options: Partial<AppDeps> = {}): Promise<TestServer> {
      const server = await startServer({ ...options, store: options.store ?? this.open(kind) });
      servers.push(server);
      return server;
    },
    async cleanup(): Promise<void> {
      await Promise.all(servers.splice(0).map((s) => s.close()));
      await this.drop();
    },
  };
}

/**
 * A store whose commits fail as better-sqlite3 fails them on a full disk while `state.full` is
 * set; everything else (reads, alert tables) still works.
 */
export function fillableStore(store: Store) {
  const state = { full: false };
  const commit: Store['commit'] = async (ops) => {
    if (state.full) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
    return store.commit(ops);
  };
  return { state, store: new Proxy(store, { get: (target, key) => (key === 'commit' ? commit : Reflect.get(target, key)) }) };
}
