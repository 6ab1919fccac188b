import { afterEach, describe, expect, it } from 'vitest';
import { storesUnderTest } from '../support/stores.js';
import { defaultEvent, movableClock, sampleSigning, type TestServer } from '../support/server.js';
import { nextKey, sessionOf, STAFF_PASSWORD, userSession } from './staff-support.js';

let server: TestServer | undefined;
const stores = storesUnderTest('pavilion_desk_dup');
afterEach(() => stores.cleanup());

const probe = (q: Record<string, string | number>) => `/api/v1/signings/duplicates?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`;

describe.each(stores.kinds)('duplicates and own voids on %s', (name) => {
  it('finds the same investor and partner within 1 % from the last 24 hours, not voided ones', async () => {
    const clock = movableClock();
    server = await stores.serve(name, { now: clock.now });
    const staff = await userSession(server.url, 'staff', 'desk-a');
    const first = await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 8e8 }), { 'idempotency-key': nextKey() });
    expect(first.status).toBe(201);
    // A fresh login per question: the session would expire as the clock moves a day on.
    const ask = async (q: Record<string, string | number>) =>
      (await (await sessionOf(server!.url, 'desk-a', STAFF_PASSWORD)).call('GET', probe(q))).body.items.map((s: { id: string }) => s.id);
    const same = { investor: ' example mobility  GMBH ', partner: 'Tianjin Binhai District' };

    expect(await ask({ ...same, amountCny: 8.07e8 })).toEqual([first.body.signing.id]);
    expect(await ask({ ...same, amountCny: 8.1e8 })).toEqual([]); // 1.25 % apart
    expect(await ask({ ...same, partner: 'Tianjin Port', amountCny: 8e8 })).toEqual([]);

    clock.advance(23 * 3600_000);
    expect(await ask({ ...same, amountCny: 8e8 })).toHaveLength(1);
    clock.advance(2 * 3600_000);
    expect(await ask({ ...same, amountCny: 8e8 })).toEqual([]);

    const organizer = await sessionOf(server.url);
    const second = await (await sessionOf(server.url, 'desk-a', STAFF_PASSWORD)).call('POST', '/api/v1/signings', sampleSigning({ amount: 8e8 }), { 'idempotency-key': nextKey() });
    await organizer.call('POST', `/api/v1/signings/${second.body.signing.id}/void`, { reason: 'duplicate' });
    expect(await ask({ ...same, amountCny: 8e8 })).toEqual([]);
  });

  it('lets staff void their own entry within the window, not later and not anyone else’s', async () => {
    const clock = movableClock();
    server = await stores.serve(name, { now: clock.now, event: { ...defaultEvent(), staffVoidMinutes: 10 } });
    const a = await userSession(server.url, 'staff', 'desk-a');
    const b = await userSession(server.url, 'staff', 'desk-b');
    const enter = async () => (await a.call('POST', '/api/v1/signings', sampleSigning(), { 'idempotency-key': nextKey() })).body.signing;

    const mine = await enter();
    const byOther = await b.call('POST', `/api/v1/signings/${mine.id}/void`, { reason: 'duplicate', version: 1 });
    expect(byOther.status).toBe(403);
    clock.advance(9 * 60_000);
    const own = await a.call('POST', `/api/v1/signings/${mine.id}/void`, { reason: 'duplicate', version: 1 });
    expect(own.status).toBe(200);
    expect(own.body.signing.status).toBe('voided');

    const late = await enter();
    clock.advance(11 * 60_000);
    const tooLate = await a.call('POST', `/api/v1/signings/${late.id}/void`, { reason: 'duplicate', version: 1 });
    expect(tooLate.status).toBe(403);
    expect(tooLate.body.error.message).toContain('within 10 minutes');
    const organizer = await sessionOf(server.url);
    expect((await organizer.call('POST', `/api/v1/signings/${late.id}/void`, { reason: 'duplicate' })).status).toBe(200);
  });
});
