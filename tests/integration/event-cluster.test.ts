import { afterEach, beforeAll, expect, it } from 'vitest';
import { LiveEvents, type EventUpdatedMessage, type Snapshot } from '../../shared/live.js';
import { ClusterUnderTest, clusterBackendsUp, type Instance } from '../support/cluster.js';
import { connectLive, waitFor, type LiveClient } from '../support/server.js';
import { sessionOf } from './staff-support.js';

const cluster = new ClusterUnderTest('pavilion_event_cluster');
let clients: LiveClient[] = [];

beforeAll(clusterBackendsUp);

afterEach(async () => {
  clients.forEach((c) => c.close());
  clients = [];
  await cluster.stop();
});

it('an edit made on one instance reaches a screen on another as event:updated, and its GET /event', async () => {
  const [a, b] = (await cluster.start(2)) as [Instance, Instance];

  const screen = connectLive(b.url);
  clients.push(screen);
  expect((await waitFor<Snapshot>(screen, LiveEvents.snapshot)).eventVersion).toBe(1);

  const org = await sessionOf(a.url);
  const { body: current } = await org.call('GET', '/api/v1/event');
  const { version, ...event } = current;
  event.venues[2].name = { zh: '天津大礼堂', en: 'Grand Hall of Tianjin' };
  const heard = waitFor<EventUpdatedMessage>(screen, LiveEvents.eventUpdated, 8000);
  const put = await org.call('PUT', '/api/v1/event', { ...event, version });
  expect(put.status).toBe(200);

  const message = await heard;
  expect(message.version).toBe(2);
  expect(message.seq).toBe(put.body.seq);
  expect(message.event.venues[2]!.name.en).toBe('Grand Hall of Tianjin');
  const onB = await (await fetch(`${b.url}/api/v1/event`)).json();
  expect(onB).toMatchObject({ version: 2, venues: expect.arrayContaining([expect.objectContaining({ id: 'v3', name: { zh: '天津大礼堂', en: 'Grand Hall of Tianjin' } })]) });

  // A screen that connects later starts on the new version.
  const late = connectLive(b.url);
  clients.push(late);
  expect((await waitFor<Snapshot>(late, LiveEvents.snapshot)).eventVersion).toBe(2);
});
