import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Signing } from '../../shared/signing.js';
import type { Store, TokenRecord } from '../../server/store/types.js';
import type { CreateSigningOp, ScanItem, WriteOp, WriteResult } from '../../server/store/operations.js';
import { sampleSigning } from '../support/server.js';

/** Opens the store under test; `open` may be called again to reopen the same data. */
export interface StoreHarness {
  open(): Store;
  destroy(): Promise<void>;
}

export function signing(overrides: Partial<Signing> = {}): Signing {
  const at = '2024-06-20T02:00:00.000Z';
  return {
    ...sampleSigning(),
    id: randomUUID(),
    amountCny: 5_000_000_000,
    rate: 1,
    signedAt: at,
    status: 'published',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'staff',
    ...overrides,
  };
}

export function createOp(s = signing(), key = randomUUID(), hash = `hash-${key}`): CreateSigningOp {
  return { type: 'signing.create', idempotencyKey: key, requestHash: hash, signing: s, actor: 'staff' };
}

function ok(result: WriteResult | Error | undefined): WriteResult {
  if (!result || result instanceof Error) throw result ?? new Error('no result');
  return result;
}

/** The behaviour every Store must show, whatever database is behind it. */
export function defineStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    const commitOne = async (op: WriteOp) => ok((await store.commit([op]))[0]);

    beforeEach(async () => {
      harness = await makeHarness();
      store = harness.open();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
      await harness.destroy();
    });

    it('migrates again without change and answers a ping', async () => {
      await store.migrate();
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.lastSeq()).toBe(0);
      expect(await store.changesSince(0, 10)).toEqual([]);
    });

    it('creates a signing with the next seq and logs the change', async () => {
      const s = signing();
      const result = await commitOne(createOp(s));
      expect(result).toMatchObject({ type: 'signing.created', seq: 1, signing: s });
      expect(await store.lastSeq()).toBe(1);
      expect(await store.getSigning(s.id)).toEqual(s);
      expect(await store.countedSignings()).toEqual([s]);
      const [change] = await store.changesSince(0, 10);
      expect(change).toEqual({ seq: 1, type: 'signing.created', at: s.createdAt, actor: 'staff', signing: s, previous: null });
    });

    it('reads the changes committed up to a moment, in seq order and in pages', async () => {
      const at = (hh: string) => `2024-06-20T${hh}:00:00.000Z`;
      const s = [signing({ createdAt: at('01') }), signing({ createdAt: at('02') }), signing({ createdAt: at('03') })];
      for (const x of s) await commitOne(createOp(x));
      expect((await store.changesUntil(at('02'), 0, 10)).map((c) => c.seq)).toEqual([1, 2]);
      expect((await store.changesUntil(at('02'), 1, 10)).map((c) => c.seq)).toEqual([2]);
      expect((await store.changesUntil(at('03'), 0, 2)).map((c) => c.seq)).toEqual([1, 2]);
      expect(await store.changesUntil(at('00'), 0, 10)).toEqual([]);
      expect((await store.changesUntil(at('09'), 0, 10))[2]).toEqual((await store.changesSince(2, 1))[0]);
    });

    it('continues seqs after an advance, never going back', async () => {
      await store.advanceSeq(40);
      expect(await store.lastSeq()).toBe(40);
      await store.advanceSeq(10);
      expect(await store.lastSeq()).toBe(40);
      const created = await commitOne(createOp());
      expect(created).toMatchObject({ seq: 41 });
      expect(await store.lastSeq()).toBe(41);
      expect((await store.changesSince(40, 10)).map((c) => c.seq)).toEqual([41]);
    });

    it('keeps one fleet assignment per target and kind', async () => {
      const profile = { venue: 'v1', lang: 'zh' as const, scenes: [{ name: 'headline' as const, seconds: 20 }], theme: 'dark' as const };
      await store.fleet.putAssignment({ target: 'all', kind: 'blank', value: true, updatedAt: '2024-06-20T01:00:00.000Z' });
      await store.fleet.putAssignment({ target: 'screen:a', kind: 'profile', value: profile, updatedAt: '2024-06-20T02:00:00.000Z' });
      await store.fleet.putAssignment({ target: 'all', kind: 'blank', value: false, updatedAt: '2024-06-20T03:00:00.000Z' });
      expect(await store.fleet.listAssignments()).toEqual([
        { target: 'screen:a', kind: 'profile', value: profile, updatedAt: '2024-06-20T02:00:00.000Z' },
        { target: 'all', kind: 'blank', value: false, updatedAt: '2024-06-20T03:00:00.000Z' },
      ]);
      await store.fleet.deleteAssignment('screen:a', 'profile');
      expect(await store.fleet.listAssignments()).toHaveLength(1);
    });

    it('replays the same key and hash, refuses the same key with another hash', async () => {
      const op = createOp();
      const first = await commitOne(op);
      const again = await commitOne({ ...op, signing: signing() });
      expect(again).toMatchObject({ type: 'signing.replayed', seq: 1, signing: op.signing, changes: [] });
      expect(first.type).toBe('signing.created');
      expect(await commitOne({ ...op, requestHash: 'other' })).toEqual({ type: 'idempotency.mismatch', changes: [] });
      expect(await store.lastSeq()).toBe(1);
    });

    it('commits a batch in order and fails a broken op alone', async () => {
      const taken = signing();
      const ops = [createOp(), createOp(taken), createOp({ ...taken, title: 'same id' }), createOp()];
      const results = await store.commit(ops);
      expect(results[2]).toBeInstanceOf(Error);
      const seqs = [results[0], results[1], results[3]].map((r) => (ok(r) as { seq: number }).seq);
      expect(seqs[0]).toBeLessThan(seqs[1]!);
      expect(seqs[1]).toBeLessThan(seqs[2]!);
      const logged = await store.changesSince(0, 100);
      expect(logged.map((c) => c.seq)).toEqual(seqs);
      expect(await store.lastSeq()).toBe(seqs[2]);
      expect((await store.getSigning(taken.id))?.title).toBe(taken.title);
    });

    it('pages the change log with changesSince', async () => {
      await store.commit(Array.from({ length: 7 }, () => createOp()));
      expect((await store.changesSince(0, 3)).map((c) => c.seq)).toEqual([1, 2, 3]);
      expect((await store.changesSince(5, 100)).map((c) => c.seq)).toEqual([6, 7]);
    });

    it('lists signings newest first, with a cursor and without drafts by default', async () => {
      const made = Array.from({ length: 5 }, (_, i) => signing({ status: i === 2 ? 'draft' : 'published' }));
      await store.commit(made.map((s) => createOp(s)));
      const first = await store.listSignings({ limit: 2, includeUncounted: false });
      expect(first.items.map((s) => s.id)).toEqual([made[4]!.id, made[3]!.id]);
      const second = await store.listSignings({ limit: 2, before: first.next!, includeUncounted: false });
      expect(second.items.map((s) => s.id)).toEqual([made[1]!.id, made[0]!.id]);
      expect(second.next).toBeUndefined();
      expect((await store.listSignings({ limit: 10, includeUncounted: true })).items).toHaveLength(5);
      expect((await store.countedSignings()).map((s) => s.id)).toEqual([0, 1, 3, 4].map((i) => made[i]!.id));
    });

    it('revises a signing at the expected version only', async () => {
      const s = signing();
      await commitOne(createOp(s));
      const next = { ...s, title: 'Renamed', version: 2, updatedAt: '2024-06-20T03:00:00.000Z' };
      const update = { type: 'signing.update', expectedVersion: 1, signing: next, actor: 'org', reason: 'typo' } as const;
      const revised = await commitOne(update);
      expect(revised).toMatchObject({ type: 'signing.revised', seq: 2, signing: next });
      expect(await commitOne(update)).toMatchObject({ type: 'version.conflict', current: next });
      const [change] = await store.changesSince(1, 10);
      expect(change).toMatchObject({ type: 'signing.updated', previous: s, signing: next, reason: 'typo', actor: 'org' });
      const missing = { ...update, signing: { ...next, id: randomUUID() } };
      expect(await commitOne(missing)).toEqual({ type: 'signing.not-found', changes: [] });
    });

    it('voids a signing so that it no longer counts', async () => {
      const s = signing();
      await commitOne(createOp(s));
      const at = '2024-06-20T04:00:00.000Z';
      const op = { type: 'signing.void', id: s.id, expectedVersion: 1, at, actor: 'org', reason: 'duplicate' } as const;
      expect(await commitOne(op)).toMatchObject({ type: 'signing.revised', signing: { status: 'voided', version: 2 } });
      expect(await store.countedSignings()).toEqual([]);
      expect((await store.getSigning(s.id))?.status).toBe('voided');
    });

    it('imports many signings all or nothing', async () => {
      const items = Array.from({ length: 3 }, () => ({ idempotencyKey: randomUUID(), requestHash: 'h', signing: signing() }));
      const imported = await commitOne({ type: 'signing.import', items, actor: 'org' });
      expect(imported).toMatchObject({ type: 'signings.imported', seq: 3 });
      expect(imported.changes.map((c) => c.seq)).toEqual([1, 2, 3]);
      const again = [{ idempotencyKey: randomUUID(), requestHash: 'h', signing: signing() }, items[1]!];
      expect(await commitOne({ type: 'signing.import', items: again, actor: 'org' })).toEqual({
        type: 'import.duplicate',
        idempotencyKey: items[1]!.idempotencyKey,
        changes: [],
      });
      expect(await store.countedSignings()).toHaveLength(3);
    });

    it('lists the audit trail newest first, filtered', async () => {
      const s = signing();
      await store.commit([createOp(s), createOp()]);
      await commitOne({ type: 'signing.void', id: s.id, expectedVersion: 1, at: s.createdAt, actor: 'org', reason: 'x' });
      const all = await store.listSigningChanges({ limit: 10 });
      expect(all.map((c) => c.seq)).toEqual([3, 2, 1]);
      expect((await store.listSigningChanges({ limit: 10, signingId: s.id })).map((c) => c.seq)).toEqual([3, 1]);
      expect((await store.listSigningChanges({ limit: 10, actor: 'org' })).map((c) => c.seq)).toEqual([3]);
      expect((await store.listSigningChanges({ limit: 10, type: 'signing.created', before: 2 })).map((c) => c.seq)).toEqual([1]);
    });

    it('keeps everything across a reopen', async () => {
      const s = signing();
      await commitOne(createOp(s));
      await store.close();
      store = harness.open();
      await store.migrate();
      expect(await store.lastSeq()).toBe(1);
      expect(await store.getSigning(s.id)).toEqual(s);
      expect((ok((await store.commit([createOp()]))[0]) as { seq: number }).seq).toBe(2);
    });

    it('records gate counts once per batch and sums them into the totals', async () => {
      const item = (batchId: string, entries: number) =>
        ({ kind: 'interval', index: 0, gateId: 'g1', venueId: 'v1', batchId, hour: '2024-06-20T10', entries, exits: 1 }) as const;
      const at = '2024-06-20T02:00:00.000Z';
      const result = await commitOne({ type: 'attendance.counts', items: [item('b1', 5), item('b2', 7), item('b1', 5)], at, actor: 'gate' });
      expect(result).toMatchObject({ type: 'attendance.recorded', accepted: 2, duplicates: 1 });
      expect(result.changes).toEqual([
        { seq: 1, type: 'attendance', at, actor: 'gate', delta: { flows: [{ venueId: 'v1', gateId: 'g1', hour: '2024-06-20T10', entries: 12, exits: 2 }], uniques: [] } },
      ]);
      expect(await store.changesSince(0, 10)).toEqual(result.changes);
      expect((await store.attendance.totals()).flows).toEqual([{ venueId: 'v1', gateId: 'g1', hour: '2024-06-20T10', entries: 12, exits: 2 }]);
    });

    it('turns counter readings into the counts between them', async () => {
      const reading = (batchId: string, atMs: number, entriesTotal: number) =>
        ({ kind: 'counter', index: 0, gateId: 'g2', venueId: 'v1', batchId, atMs, hour: '2024-06-20T10', entriesTotal, exitsTotal: 0, perMinute: 60 }) as const;
      const at = '2024-06-20T02:00:00.000Z';
      const t0 = Date.parse(at);
      await commitOne({ type: 'attendance.counts', items: [reading('r1', t0, 1000)], at, actor: 'gate' });
      await commitOne({ type: 'attendance.counts', items: [reading('r2', t0 + 60_000, 1040)], at, actor: 'gate' });
      expect((await store.attendance.totals()).flows).toEqual([{ venueId: 'v1', gateId: 'g2', hour: '2024-06-20T10', entries: 40, exits: 0 }]);
    });

    it('counts badge scans once and unique visitors per venue and day', async () => {
      const badge = Buffer.alloc(32, 7);
      const scan = (atMs: number, day = '2024-06-20') =>
        ({ gateId: 'g1', venueId: 'v1', badge, atMs, hour: `${day}T10`, day, direction: 'in' }) as const;
      const at = '2024-06-20T02:00:00.000Z';
      const result = await commitOne({ type: 'attendance.scans', items: [scan(1), scan(2), scan(1)], at, actor: 'gate' });
      expect(result).toMatchObject({ accepted: 2, duplicates: 1 });
      await commitOne({ type: 'attendance.scans', items: [scan(3, '2024-06-21')], at, actor: 'gate' });
      const uniques = (await store.attendance.totals()).uniques.map((u) => `${u.venueId}/${u.day}=${u.added}`).sort();
      expect(uniques).toEqual(['*/*=1', '*/2024-06-20=1', '*/2024-06-21=1', 'v1/*=1', 'v1/2024-06-20=1', 'v1/2024-06-21=1']);
      expect((await store.attendance.badgeKey()).length).toBe(32);
    });

    it('remembers which badges were seen where across a reopen', async () => {
      const badge = Buffer.alloc(16, 9);
      const scan = (atMs: number, venueId: string, day: string) =>
        ({ gateId: `${venueId}-g1`, venueId, badge, atMs, hour: `${day}T10`, day, direction: 'in' }) as const;
      const at = '2024-06-20T02:00:00.000Z';
      await commitOne({ type: 'attendance.scans', items: [scan(1, 'v1', '2024-06-20')], at, actor: 'gate' });
      await store.close();
      store = harness.open();
      await store.migrate();
      const again = await commitOne({ type: 'attendance.scans', items: [scan(2, 'v1', '2024-06-20'), scan(3, 'v2', '2024-06-20')], at, actor: 'gate' });
      expect(again.changes[0]).toMatchObject({ delta: { uniques: [{ venueId: 'v2', day: '2024-06-20', added: 1 }, { venueId: 'v2', day: '*', added: 1 }] } });
    });

    it('forgets the sightings of a failed operation', async () => {
      // A venue of null fails the operation on the second scan, after the first was recorded.
      const scan = (badge: Buffer, atMs: number, venueId: string | null = 'v1') =>
        ({ gateId: 'g1', venueId, badge, atMs, hour: '2024-06-20T10', day: '2024-06-20', direction: 'in' }) as unknown as ScanItem;
      const at = '2024-06-20T02:00:00.000Z';
      const [failed] = await store.commit([{ type: 'attendance.scans', items: [scan(Buffer.alloc(16, 1), 1), scan(Buffer.alloc(16, 2), 2, null)], at, actor: 'gate' }]);
      expect(failed).toBeInstanceOf(Error);
      const retried = await commitOne({ type: 'attendance.scans', items: [scan(Buffer.alloc(16, 1), 1)], at, actor: 'gate' });
      expect(retried).toMatchObject({ accepted: 1 });
      expect((await store.attendance.totals()).uniques.map((u) => `${u.venueId}/${u.day}=${u.added}`).sort()).toEqual([
        '*/*=1',
        '*/2024-06-20=1',
        'v1/*=1',
        'v1/2024-06-20=1',
      ]);
    });

    it('lists, updates and disables users', async () => {
      const { accounts } = store;
      const user = { id: randomUUID(), username: 'li', role: 'staff', passwordHash: 'x', createdAt: 'now', disabledAt: null } as const;
      await accounts.createUser(user);
      await accounts.createSession({ idHash: 's1', userId: user.id, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' });
      expect(await accounts.updateUser(user.id, { role: 'organizer' })).toBe(true);
      expect((await accounts.findUser(user.id))?.role).toBe('organizer');
      expect(await accounts.updateUser(user.id, { disabledAt: 'later' })).toBe(true);
      expect(await accounts.findUser(user.id)).toBeUndefined();
      expect(await accounts.findUserByName('li')).toBeUndefined();
      expect(await accounts.findSession('s1')).toBeUndefined();
      expect((await accounts.listUsers()).map((u) => u.disabledAt)).toEqual(['later']);
      expect(await accounts.updateUser(randomUUID(), { role: 'staff' })).toBe(false);
    });

    it("ends a user's sessions but the one kept, and nobody else's", async () => {
      const { accounts } = store;
      const [li, mei] = ['li', 'mei'].map((username) => ({ id: randomUUID(), username, role: 'staff', passwordHash: 'x', createdAt: 'now', disabledAt: null }) as const);
      for (const u of [li!, mei!]) await accounts.createUser(u);
      const session = (idHash: string, userId: string) => ({ idHash, userId, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' });
      for (const s of [session('li-1', li!.id), session('li-2', li!.id), session('li-3', li!.id), session('mei-1', mei!.id)]) await accounts.createSession(s);
      await accounts.deleteSessionsOfUser(li!.id, 'li-2');
      expect(await accounts.findSession('li-1')).toBeUndefined();
      expect(await accounts.findSession('li-3')).toBeUndefined();
      expect(await accounts.findSession('li-2')).toEqual(session('li-2', li!.id));
      await accounts.deleteSessionsOfUser(li!.id);
      expect(await accounts.findSession('li-2')).toBeUndefined();
      expect(await accounts.findSession('mei-1')).toEqual(session('mei-1', mei!.id));
    });

    it('keeps users, sessions and tokens', async () => {
      const { accounts } = store;
      expect(await accounts.countUsers()).toBe(0);
      const user = { id: randomUUID(), username: 'Mei', role: 'organizer', passwordHash: 'x', createdAt: 'now', disabledAt: null } as const;
      await accounts.createUser(user);
      await expect(accounts.createUser({ ...user, id: randomUUID(), username: 'mei' })).rejects.toThrow();
      expect(await accounts.findUserByName('MEI')).toEqual(user);
      expect(await accounts.findUser(user.id)).toEqual(user);
      expect(await accounts.countUsers()).toBe(1);

      const session = { idHash: 'sh', userId: user.id, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' };
      await accounts.createSession(session);
      expect(await accounts.findSession('sh')).toEqual(session);
      await accounts.deleteSession('sh');
      expect(await accounts.findSession('sh')).toBeUndefined();

      const token: TokenRecord = {
        id: randomUUID(),
        role: 'device',
        label: 'gate 1',
        scope: { venueId: 'v1', gateIds: ['g1'] },
        createdAt: '2024-06-20T00:00:00.000Z',
        createdBy: user.id,
        revokedAt: null,
      };
      await accounts.createToken(token, 'th');
      expect(await accounts.findToken('th')).toEqual(token);
      expect(await accounts.listTokens()).toEqual([token]);
      expect(await accounts.revokeToken(token.id, 'later')).toBe(true);
      expect(await accounts.revokeToken(token.id, 'again')).toBe(false);
      expect((await accounts.findToken('th'))?.revokedAt).toBe('later');
    });
  });
}
