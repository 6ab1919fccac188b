import { afterEach, describe, expect, it } from 'vitest';
import { storesUnderTest } from '../support/stores.js';
import { sampleSigning, type TestServer } from '../support/server.js';
import { nextKey, userSession } from './staff-support.js';

let server: TestServer | undefined;
const stores = storesUnderTest('pavilion_search');
afterEach(() => stores.cleanup());

describe.each(stores.kinds)('GET /signings?q= on %s', (name) => {
  it('finds by title, investor or partner across every page, wildcards taken literally, for staff only', async () => {
    server = await stores.serve(name);
    const staff = await userSession(server.url, 'staff', 'desk-a');
    const enter = async (overrides: Parameters<typeof sampleSigning>[0]) => {
      const res = await staff.call('POST', '/api/v1/signings', sampleSigning(overrides), { 'idempotency-key': nextKey() });
      expect(res.status).toBe(201);
      return res.body.signing.id as string;
    };
    // The one to find is the oldest, behind a page of others: the desk's loaded rows would miss it.
    const oldest = await enter({ title: '新能源汽车零部件基地', investor: 'Acme 100% Holdings', partner: '天津港保税区' });
    const underscore = await enter({ title: 'Port_logistics hub', investor: 'Blue Ocean Ltd', partner: 'Tianjin Port' });
    for (let i = 0; i < 4; i++) await enter({ title: `Plain project ${i}`, investor: 'Other Co', partner: 'Binhai' });
    const search = async (q: string, extra = '') =>
      (await staff.call('GET', `/api/v1/signings?includeUncounted=true&limit=2${extra}&q=${encodeURIComponent(q)}`)).body as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
    const ids = async (q: string) => (await search(q)).items.map((s) => s.id);

    expect(await ids('零部件')).toEqual([oldest]); // title
    expect(await ids('acme')).toEqual([oldest]); // investor, any case
    expect(await ids('保税')).toEqual([oldest]); // partner
    expect(await ids('100%')).toEqual([oldest]); // % is a character, not "anything"
    expect(await ids('%')).toEqual([oldest]);
    expect(await ids('_')).toEqual([underscore]); // _ likewise
    expect(await ids('Port_l')).toEqual([underscore]);
    expect(await ids("' OR 1=1 --")).toEqual([]);
    expect(await ids('nothing like it')).toEqual([]);

    // Pages of a search follow the cursor.
    const first = await search('plain project');
    expect(first.items).toHaveLength(2);
    const second = await search('plain project', `&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();

    const anonymous = await fetch(`${server.url}/api/v1/signings?q=acme`);
    expect(anonymous.status).toBe(401);
    const blank = await fetch(`${server.url}/api/v1/signings?q=`);
    expect(blank.status).toBe(200);
  });
});
