import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.js';
import type { DeliveryView, WebhookFormat } from '../../shared/alerts.js';
import { dropSchema, openTestStore, uniqueSchema } from '../support/postgres.js';
import { sessionOf, type Session } from './staff-support.js';
import { issueToken, postSigning, sampleSigning, startServer, tempDir, type TestServer } from '../support/server.js';

const servers: TestServer[] = [];
const receivers: Receiver[] = [];
const schemas: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  await Promise.all(schemas.splice(0).map(dropSchema));
});

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1; `answer` decides the reply. */
class Receiver {
  readonly received: Received[] = [];
  #server: http.Server | undefined;
  port = 0;

  constructor(private readonly answer: (r: Received) => { status: number; body: string } = () => ({ status: 200, body: 'ok' })) {}

  async listen(port = 0): Promise<this> {
    this.#server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const r = { url: req.url ?? '', headers: req.headers, body };
        this.received.push(r);
        const a = this.answer(r);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

/** A port nothing listens on (yet): taken from the kernel and let go. */
async function freePort(): Promise<number> {
  const probe = await new Receiver().listen();
  const port = probe.port;
  await probe.close();
  return port;
}

const NOON = Date.parse('2024-06-20T12:00:00+08:00');
const FAST = { checkMs: 30, delivery: { pollMs: 30, backoffMs: 60_000, attempts: 5 } };

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function addWebhook(admin: Session, body: { url: string; format: WebhookFormat; secret?: string; kinds?: string[] }): Promise<string> {
  const res = await admin.call('POST', '/api/v1/webhooks', body);
  expect(res.status).toBe(201);
  return res.body.webhook.id as string;
}

const deliveries = async (admin: Session, id: string) => (await admin.call('GET', `/api/v1/webhooks/${id}/deliveries`)).body.items as DeliveryView[];

async function holdOne(url: string) {
  const staff = await issueToken(url, 'staff');
  const { body } = await postSigning(url, staff, sampleSigning({ amount: 9e11, title: 'Mistyped giant' }));
  return body.signing.id as string;
}

describe('webhook deliveries', () => {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`${dialect}: an alert raised while the receiver is down, Pavilion restarted before it is up: delivered once`, async () => {
      const clock = { ms: NOON };
      const now = () => new Date(clock.ms);
      const dir = tempDir();
      const schema = uniqueSchema('webhooks');
      if (dialect === 'postgres') schemas.push(schema);
      const open = () => (dialect === 'sqlite' ? openSqliteStore(dir) : openTestStore(schema));
      const port = await freePort();
      const first = await startServer({ store: open(), dataDir: dir, now, alerts: FAST });
      const admin = await sessionOf(first.url);
      const hook = await addWebhook(admin, { url: `http://127.0.0.1:${port}/hook`, format: 'json', secret: 's3cret', kinds: ['signing.held'] });
      const signingId = await holdOne(first.url);
      const failed = await until(() => deliveries(admin, hook), (d) => d[0]?.attempts.length === 1);
      expect(failed[0]).toMatchObject({ transition: 'raised', kind: 'signing.held', subject: signingId, state: 'pending' });
      expect(failed[0]!.attempts[0]).toMatchObject({ attempt: 1, status: null, ok: false, answer: 'ECONNREFUSED' });
      await first.close();

      const second = await startServer({ store: open(), dataDir: dir, now, alerts: FAST });
      servers.push(second);
      const receiver = await new Receiver().listen(port);
      receivers.push(receiver);
      // Not due yet: the retry waits for its backoff on Pavilion's clock.
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toEqual([]);
      clock.ms += 60_000;
      const admin2 = await sessionOf(second.url);
      const done = await until(() => deliveries(admin2, hook), (d) => d[0]?.state === 'delivered');
      expect(done[0]!.attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
        [1, null, false],
        [2, 200, true],
      ]);
      clock.ms += 3_600_000;
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      expect(JSON.parse(got!.body)).toMatchObject({ event: 'alert.raised', alert: { kind: 'signing.held', subject: signingId } });
      expect(got!.headers['x-pavilion-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(got!.body).digest('hex')}`);
    }, 20_000);
  }

  it('a receiver that refuses the signature: the answer is in the delivery log, retried up to the limit, then failed', async () => {
    const clock = { ms: NOON };
    const server = await startServer({ now: () => new Date(clock.ms), alerts: { ...FAST, delivery: { ...FAST.delivery, attempts: 2 } } });
    servers.push(server);
    const receiver = await new Receiver((r) =>
      r.headers['x-pavilion-signature'] === `sha256=${createHmac('sha256', 'right').update(r.body).digest('hex')}`
        ? { status: 200, body: '{}' }
        : { status: 401, body: '{"error":"bad signature"}' },
    ).listen();
    receivers.push(receiver);
    const admin = await sessionOf(server.url);
    const hook = await addWebhook(admin, { url: receiver.url, format: 'json', secret: 'wrong' });
    await holdOne(server.url);
    await until(() => deliveries(admin, hook), (d) => d[0]?.attempts.length === 1);
    clock.ms += 60_000;
    const [failed] = await until(() => deliveries(admin, hook), (d) => d[0]?.state === 'failed');
    expect(failed!.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 401, ok: false, answer: '{"error":"bad signature"}' }),
      expect.objectContaining({ attempt: 2, status: 401, ok: false }),
    ]);
    expect(failed!.nextAttemptAt).toBeNull();
  });

  it('DingTalk and Feishu robots get their own signatures; a robot refusing with an errcode is a failure', async () => {
    const clock = { ms: NOON };
    const server = await startServer({ now: () => new Date(clock.ms), alerts: FAST });
    servers.push(server);
    const secret = 'SEC-robot';
    const ding = await new Receiver((r) => {
      const q = new URL(r.url, 'http://x').searchParams;
      const sign = createHmac('sha256', secret).update(`${q.get('timestamp')}\n${secret}`).digest('base64');
      return { status: 200, body: JSON.stringify(q.get('sign') === sign && q.get('access_token') === 'abc' ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }) };
    }).listen();
    const feishu = await new Receiver((r) => {
      const b = JSON.parse(r.body) as { timestamp: string; sign: string };
      const sign = createHmac('sha256', `${b.timestamp}\n${secret}`).update('').digest('base64');
      return { status: 200, body: JSON.stringify(b.sign === sign ? { code: 0, msg: 'success' } : { code: 19021, msg: 'sign match fail' }) };
    }).listen();
    const badDing = await new Receiver(() => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' })).listen();
    receivers.push(ding, feishu, badDing);
    const admin = await sessionOf(server.url);
    const dingId = await addWebhook(admin, { url: `${ding.url}?access_token=abc`, format: 'dingtalk', secret });
    const feishuId = await addWebhook(admin, { url: feishu.url, format: 'feishu', secret });
    const badId = await addWebhook(admin, { url: badDing.url, format: 'dingtalk', secret: 'other' });
    const listed = (await admin.call('GET', '/api/v1/webhooks')).body.items;
    expect(listed.find((w: { id: string }) => w.id === dingId)).toMatchObject({ url: `${ding.url}?access_token=***`, hasSecret: true, format: 'dingtalk' });
    expect(JSON.stringify(listed)).not.toContain(secret);

    await holdOne(server.url);
    await until(() => deliveries(admin, dingId), (d) => d[0]?.state === 'delivered');
    await until(() => deliveries(admin, feishuId), (d) => d[0]?.state === 'delivered');
    const [bad] = await until(() => deliveries(admin, badId), (d) => d[0]?.attempts.length === 1);
    expect(bad).toMatchObject({ state: 'pending', attempts: [expect.objectContaining({ status: 200, ok: false, answer: expect.stringContaining('sign not match') })] });
    const text = (JSON.parse(ding.received[0]!.body) as { msgtype: string; text: { content: string } });
    expect(text.msgtype).toBe('text');
    expect(text.text.content).toContain('【Pavilion 告警】签约「Mistyped giant」待复核');
    expect(text.text.content).toContain('[Pavilion alert] Signing "Mistyped giant" is held for review');
    expect(JSON.parse(feishu.received[0]!.body)).toMatchObject({ msg_type: 'text', timestamp: String(Math.floor(NOON / 1000)) });

    // Deleting a webhook stops its deliveries; only admins manage them.
    expect((await admin.call('DELETE', `/api/v1/webhooks/${badId}`)).status).toBe(204);
    expect((await admin.call('GET', `/api/v1/webhooks/${badId}/deliveries`)).status).toBe(404);
    const audit = (await admin.call('GET', '/api/v1/audit?type=operator')).body.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a.startsWith('webhook.'))).toEqual(['webhook.deleted', 'webhook.created', 'webhook.created', 'webhook.created']);
  });

  it('a clear followed by a raise within the window tells the receiver nothing; a clear that lasts is delivered after the window', async () => {
    const clock = { ms: NOON };
    const server = await startServer({ now: () => new Date(clock.ms), alerts: FAST });
    servers.push(server);
    const receiver = await new Receiver().listen();
    receivers.push(receiver);
    const admin = await sessionOf(server.url);
    await addWebhook(admin, { url: receiver.url, format: 'slack', kinds: ['venue.near-capacity'] });
    const device = await issueToken(server.url, 'device', { venueId: 'v3' });
    const report = async (batchId: string, entries: number, exits: number) => {
      const res = await fetch(`${server.url}/api/v1/attendance/counts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${device}` },
        body: JSON.stringify({ gateId: 'v3-g1', batchId, from: '2024-06-20T10:00:00+08:00', to: '2024-06-20T11:00:00+08:00', entries, exits }),
      });
      expect(res.status).toBe(202);
    };
    await report('a', 2800, 0);
    await until(async () => receiver.received.length, (n) => n === 1);
    await report('b', 0, 500);
    clock.ms += 60_000;
    await report('c', 500, 0);
    clock.ms += 600_000;
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { text: string }).text.split('\n')[0])).toEqual([expect.stringContaining('【Pavilion 告警】')]);
    await report('d', 0, 500);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(1);
    clock.ms += 301_000;
    await until(async () => receiver.received.length, (n) => n === 2);
    expect((JSON.parse(receiver.received[1]!.body) as { text: string }).text).toContain('【Pavilion 已恢复】');
  });
});
