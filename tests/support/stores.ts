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
