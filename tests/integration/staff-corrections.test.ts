import { describe, expect, it } from 'vitest';
import { LiveEvents, type Snapshot } from '../../shared/live.js';
import { sampleSigning, snapshotClient, startServer, waitFor, type LiveClient } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';
import { frameWith, nextKey, userSession } from './staff-support.js';

const closing = closeAfterEach();
const screen = (url: string): Promise<LiveClient> => snapshotClient(url, closing);

describe('corrections', () => {
  it('edits a signing as a new version: totals move and screens hear signing:updated', async () => {
    const server = closing(await startServer());
    const staff = await userSession(server.url, 'staff');
    const created = await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 5e9 }), { 'idempotency-key': nextKey() });
    expect(created.status).toBe(201);
    const id = created.body.signing.id;
    const live = await screen(server.url);
    const heard = frameWith(live, LiveEvents.signingUpdated);

    const edit = await staff.call('PATCH', `/api/v1/signings/${id}`, { amount: 3e9, version: 1, reason: 'typo: 30 亿, not 50 亿' });
    expect(edit.status).toBe(200);
    expect(edit.body.signing).toMatchObject({ id, amount: 3e9, amountCny: 3e9, version: 2, status: 'published' });

    const message = await heard;
    expect(message.seq).toBe(edit.body.seq);
    expect(message.signing.version).toBe(2);
    expect(message.summary.signings).toEqual({ count: 1, amountCny: 3e9 });
    const summary = await (await fetch(`${server.url}/api/v1/summary`)).json();
    expect(summary.signings).toEqual({ count: 1, amountCny: 3e9 });

    const stale = await staff.call('PATCH', `/api/v1/signings/${id}`, { amount: 1e9, version: 1, reason: 'again' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const noReason = await staff.call('PATCH', `/api/v1/signings/${id}`, { amount: 1e9, version: 2 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toHaveProperty('reason');

    const bad = await staff.call('PATCH', `/api/v1/signings/${id}`, { amount: -1, status: 'voided', version: 2, reason: 'x' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['amount', 'status']);
  });

  it('voids a signing: it leaves the totals and the ticker and screens hear signing:voided', async () => {
    const server = closing(await startServer());
    const staff = await userSession(server.url, 'staff');
    const organizer = await userSession(server.url, 'organizer');
    const a = await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 5e9 }), { 'idempotency-key': nextKey() });
    await staff.call('POST', '/api/v1/signings', sampleSigning({ amount: 1e9, title: 'Second' }), { 'idempotency-key': nextKey() });
    const live = await screen(server.url);
    const heard = frameWith(live, LiveEvents.signingVoided);

    // Staff void only their own entries (within the event's window): another desk's is refused.
    const otherDesk = await userSession(server.url, 'staff');
    const denied = await otherDesk.call('POST', `/api/v1/signings/${a.body.signing.id}/void`, { reason: 'duplicate' });
    expect(denied.status).toBe(403);
    const voided = await organizer.call('POST', `/api/v1/signings/${a.body.signing.id}/void`, { reason: 'entered twice' });
    expect(voided.status).toBe(200);
    expect(voided.body.signing).toMatchObject({ status: 'voided', version: 2 });

    const message = await heard;
    expect(message.summary.signings).toEqual({ count: 1, amountCny: 1e9 });
    live.emit(LiveEvents.snapshotRequest);
    const snap = await waitFor<Snapshot>(live, LiveEvents.snapshot);
    expect(snap.recentSignings.map((s) => s.title)).toEqual(['Second']);

    const again = await organizer.call('POST', `/api/v1/signings/${a.body.signing.id}/void`, { reason: 'again' });
    expect(again.status).toBe(400);
  });

  it('records who, when, why, before and after in the audit log', async () => {
    const server = closing(await startServer());
    const staff = await userSession(server.url, 'staff', 'desk1');
    const organizer = await userSession(server.url, 'organizer', 'boss');
    const created = await staff.call('POST', '/api/v1/signings', sampleSigning(), { 'idempotency-key': nextKey() });
    const id = created.body.signing.id;
    await staff.call('PATCH', `/api/v1/signings/${id}`, { title: 'Corrected title', version: 1, reason: 'spelling' });
    await organizer.call('POST', `/api/v1/signings/${id}/void`, { reason: 'cancelled on stage' });

    expect((await staff.call('GET', '/api/v1/audit')).status).toBe(403);
    const log = await organizer.call('GET', `/api/v1/audit?signingId=${id}`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { type: string }) => e.type)).toEqual(['signing.voided', 'signing.updated', 'signing.created']);
    const [voided, edited] = log.body.items;
    expect(voided).toMatchObject({ actor: 'boss', reason: 'cancelled on stage', version: 3 });
    expect(voided.changed).toEqual([{ field: 'status', before: 'published', after: 'voided' }]);
    expect(edited).toMatchObject({ actor: 'desk1', reason: 'spelling' });
    expect(edited.changed).toEqual([{ field: 'title', before: 'Intelligent vehicle test ground', after: 'Corrected title' }]);

    const byActor = await organizer.call('GET', '/api/v1/audit?actor=boss');
    expect(byActor.body.items).toHaveLength(1);
  });

  it('keeps drafts off the totals until a second person verifies them', async () => {
    const server = closing(await startServer({ event: { ...(await import('../support/server.js')).defaultEvent(), requireVerification: true } }));
    const staff = await userSession(server.url, 'staff', 'desk1');
    const other = await userSession(server.url, 'staff', 'desk2');
    const created = await staff.call('POST', '/api/v1/signings', sampleSigning(), { 'idempotency-key': nextKey() });
    expect(created.body.signing.status).toBe('draft');
    const id = created.body.signing.id;
    expect((await (await fetch(`${server.url}/api/v1/summary`)).json()).signings.count).toBe(0);

    const self = await staff.call('POST', `/api/v1/signings/${id}/verify`, {});
    expect(self.status).toBe(403);
    const live = await screen(server.url);
    // Verified, the signing is new to the screens: its takeover card plays.
    const heard = frameWith(live, LiveEvents.signingCreated);
    const verified = await other.call('POST', `/api/v1/signings/${id}/verify`, { version: 1 });
    expect(verified.status).toBe(200);
    expect(verified.body.signing.status).toBe('published');
    expect((await heard).summary.signings.count).toBe(1);
  });
});
