import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/types.js';
import { storesUnderTest } from '../support/stores.js';
import { storedSigning, type TestServer } from '../support/server.js';
import { sessionOf } from './staff-support.js';

let server: TestServer | undefined;
const stores = storesUnderTest('pavilion_audit_days');
afterEach(() => stores.cleanup());

/**
 * A change made at `at`. The audit log lists changes by when they were made, which the
 * signing routes take from the wall clock; the store is given the time directly instead.
 */
async function signingMadeAt(store: Store, at: string, title: string): Promise<void> {
  const iso = new Date(at).toISOString();
  const signing = storedSigning({ title, id: randomUUID(), signedAt: iso, createdAt: iso, updatedAt: iso });
  const [result] = await store.commit([{ type: 'signing.create', idempotencyKey: randomUUID(), requestHash: randomUUID(), signing, actor: 'desk1' }]);
  if (result instanceof Error) throw result;
}

describe.each(stores.kinds)('audit log days on %s', (name) => {
  it('are the event-local days of Tianjin (UTC+8), not UTC days', async () => {
    const store = stores.open(name);
    server = await stores.serve(name, { store });
    expect(server.event.timeZone).toBe('Asia/Shanghai');
    // 15:30 UTC on the 20th: late evening of the 20th in Tianjin.
    await signingMadeAt(store, '2024-06-20T23:30:00+08:00', 'late on the 20th');
    // 23:00 UTC on the 20th: early morning of the 21st in Tianjin.
    await signingMadeAt(store, '2024-06-21T07:00:00+08:00', 'early on the 21st');
    await signingMadeAt(store, '2024-06-20T00:00:00+08:00', 'first moment of the 20th');
    await signingMadeAt(store, '2024-06-19T23:59:59.999+08:00', 'last moment of the 19th');
    const organizer = await sessionOf(server.url);
    const titles = async (query: string) => {
      const res = await organizer.call('GET', `/api/v1/audit?${query}`);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ title: string }>).map((e) => e.title).sort();
    };

    expect(await titles('from=2024-06-20&to=2024-06-20')).toEqual(['first moment of the 20th', 'late on the 20th']);
    expect(await titles('from=2024-06-21&to=2024-06-21')).toEqual(['early on the 21st']);
    expect(await titles('to=2024-06-19')).toEqual(['last moment of the 19th']);
    expect(await titles('from=2024-06-21')).toEqual(['early on the 21st']);
    // A time with an offset is the instant it names, as before.
    expect(await titles('from=2024-06-20T23:00:00%2B08:00&to=2024-06-20T16:00:00Z')).toEqual(['late on the 20th']);
  });
});
