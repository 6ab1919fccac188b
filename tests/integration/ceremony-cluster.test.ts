import { beforeAll, expect, it } from 'vitest';
import type { CeremonyPublic } from '../../shared/ceremonies.js';
import type { ScreenState } from '../../shared/fleet.js';
import { LiveEvents, type CeremonyMessage, type SigningMessage, type Snapshot } from '../../shared/live.js';
import type { Summary } from '../../shared/summary.js';
import { ClusterUnderTest, clusterBackendsUp, type Instance } from '../support/cluster.js';
import { ScreenSockets, testRegistration } from '../support/fleet.js';
import { connectLive, sampleSigning, waitFor, type LiveClient } from '../support/server.js';
import { closeAfterEach } from '../support/teardown.js';
import { sessionOf } from './staff-support.js';

const cluster = new ClusterUnderTest('pavilion_ceremony_cluster');
const closing = closeAfterEach(() => cluster.stop());
const screens = new ScreenSockets(closing);

beforeAll(clusterBackendsUp);

/** A /live client on `url` that keeps every message and the latest summary it was given. */
async function liveOn(url: string) {
  const client: LiveClient = closing(connectLive(url));
  const heard: string[] = [];
  let last: Summary | undefined;
  client.onAny((_event, message: { summary?: Summary }) => {
    heard.push(JSON.stringify(message));
    if (message?.summary) last = message.summary;
  });
  last = (await waitFor<Snapshot>(client, LiveEvents.snapshot)).summary;
  return { client, heard, ceremony: (id: string): CeremonyPublic | undefined => last?.ceremonies?.find((c) => c.id === id) };
}

const ceremonyIn = (summary: Summary, id: string) => summary.ceremonies?.find((c) => c.id === id);

it('runs a ceremony on one instance while the stage screens and /live clients are connected to another', async () => {
  const [a, b] = (await cluster.start(2)) as [Instance, Instance];

  // On B: a wall in the stage's venue, a screen named in the stage by id, and a wall elsewhere.
  const wall = await screens.register(b.url, testRegistration('wall-v1', { venue: 'v1' }));
  const named = await screens.register(b.url, testRegistration('side-v3', { venue: 'v3' }));
  const other = await screens.register(b.url, testRegistration('wall-v2', { venue: 'v2' }));
  for (const screen of [wall, named, other]) expect(screen.state.stage).toBeNull();
  const live = await liveOn(b.url);

  // Everything below is asked of A.
  const organizer = await sessionOf(a.url);
  const title = { zh: '跨实例签约仪式', en: 'Cross-instance signing ceremony' };
  const created = await organizer.call('POST', '/api/v1/ceremonies', {
    title,
    venueId: 'v1',
    startsAt: '2024-06-20T10:00:00+08:00',
    stage: { venues: ['v1'], screens: ['side-v3'] },
  });
  expect(created.status).toBe(201);
  const id = created.body.ceremony.id as string;
  const items: string[] = [];
  for (const [i, amount] of [3e8, 5e8, 2e8].entries()) {
    const added = await organizer.call('POST', `/api/v1/ceremonies/${id}/items`, sampleSigning({ title: `STAGE ${i + 1}`, amount }));
    expect(added.status).toBe(201);
    items.push(added.body.item.id);
  }
  const sign = (itemId: string) => organizer.call('POST', `/api/v1/ceremonies/${id}/items/${itemId}/sign`, undefined, { 'idempotency-key': `stage-${itemId}` });

  // (1) Start on A: B's stage screens go on the ceremony's scene, the other wall does not.
  const started = waitFor<CeremonyMessage>(live.client, LiveEvents.ceremonyUpdated, 8000);
  expect((await organizer.call('POST', `/api/v1/ceremonies/${id}/start`, {})).status).toBe(200);
  const onStage = (s: ScreenState | undefined) => s?.stage?.ceremonyId;
  await expect.poll(() => onStage(wall.states.at(-1)), { timeout: 8000 }).toBe(id);
  await expect.poll(() => onStage(named.states.at(-1)), { timeout: 8000 }).toBe(id);
  expect(wall.states.at(-1)?.profileSource).toBe('stage');
  expect(ceremonyIn((await started).summary, id)).toMatchObject({ title, status: 'running', signed: 0, planned: 3, totalCny: 0, count: 0, latest: null });
  // A screen and a /live client that join B after the start find the stage and the ceremony at once.
  const late = await screens.register(b.url, testRegistration('late-v1', { venue: 'v1' }));
  expect(late.state).toMatchObject({ stage: { ceremonyId: id }, profileSource: 'stage' });
  const lateLive = await liveOn(b.url);
  expect(lateLive.ceremony(id)).toMatchObject({ title, status: 'running', signed: 0, planned: 3 });

  // (2) Signing on A reaches B as signing:created, with the ceremony's state in its summary.
  const first = waitFor<SigningMessage>(live.client, LiveEvents.signingCreated, 8000);
  const one = await sign(items[0]!);
  expect(one.status).toBe(201);
  const heardOne = await first;
  expect(heardOne).toMatchObject({ seq: one.body.seq, signing: { id: one.body.signing.id, title: 'STAGE 1' } });
  expect(ceremonyIn(heardOne.summary, id)).toMatchObject({ title, status: 'running', signed: 1, planned: 2, totalCny: 3e8, count: 1, latest: { title: 'STAGE 1' } });

  const second = waitFor<SigningMessage>(live.client, LiveEvents.signingCreated, 8000);
  const two = await sign(items[1]!);
  expect(two.status).toBe(201);
  const heardTwo = await second;
  expect(heardTwo.signing.title).toBe('STAGE 2');
  expect(ceremonyIn(heardTwo.summary, id)).toMatchObject({ signed: 2, planned: 1, totalCny: 8e8, count: 2, latest: { title: 'STAGE 2' } });

  // (3) Undo on A takes the second signing off B's totals, and the card back to the first.
  const voided = waitFor<SigningMessage>(live.client, LiveEvents.signingVoided, 8000);
  expect((await organizer.call('POST', `/api/v1/ceremonies/${id}/items/${items[1]}/undo`, {})).status).toBe(200);
  const heardVoid = await voided;
  expect(heardVoid.signing.id).toBe(two.body.signing.id);
  expect(ceremonyIn(heardVoid.summary, id)).toMatchObject({ signed: 1, planned: 2, totalCny: 3e8, count: 1, latest: { title: 'STAGE 1' } });
  expect(heardVoid.summary.signings).toEqual(heardOne.summary.signings);

  // (4) Finish on A: B's screens leave the stage, and /live on B shows the ceremony finished.
  expect((await organizer.call('POST', `/api/v1/ceremonies/${id}/finish`, {})).status).toBe(200);
  await expect.poll(() => wall.states.at(-1)?.stage, { timeout: 8000 }).toBeNull();
  await expect.poll(() => named.states.at(-1)?.stage, { timeout: 8000 }).toBeNull();
  await expect.poll(() => late.states.at(-1)?.stage, { timeout: 8000 }).toBeNull();
  expect(wall.states.at(-1)?.profileSource).not.toBe('stage');
  await expect.poll(() => live.ceremony(id)?.status, { timeout: 8000 }).toBe('finished');
  expect(live.ceremony(id)).toMatchObject({ signed: 1, planned: 2, totalCny: 3e8, count: 1 });

  // The wall outside the stage was never put on it, and no planned item left the server.
  expect(other.states.every((s) => s.stage === null)).toBe(true);
  for (const text of [...live.heard, ...lateLive.heard]) expect(text).not.toContain('STAGE 3');
});
