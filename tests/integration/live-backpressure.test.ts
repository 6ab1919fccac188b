import crypto from 'node:crypto';
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_NAMESPACE, LiveEvents, type SigningBatchMessage, type SigningMessage } from '../../shared/live.js';
import { connectLive, issueToken, postSigning, sampleSigning, startServer, waitFor, type LiveClient, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
let reader: LiveClient | undefined;
let stalled: net.Socket | undefined;

afterEach(async () => {
  reader?.disconnect();
  stalled?.destroy();
  await server?.close();
  server = reader = stalled = undefined;
});

/** A client-to-server websocket text frame (clients must mask, RFC 6455); short texts only. */
function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((b, i) => b ^ mask[i % 4]!)]);
}

/** A screen on a raw websocket that joins /live and then stops reading, as a wedged kiosk would. */
/** Resolves once the server has answered the raw socket's namespace connect (`40/live,{"sid":…}`). */
function namespaceJoined(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (!seen.includes(`40${LIVE_NAMESPACE},{`)) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
}

async function stalledScreen(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await once(socket, 'connect');
  const key = crypto.randomBytes(16).toString('base64');
  socket.write(
    `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await once(socket, 'data');
  socket.write(maskedText(`40${LIVE_NAMESPACE},`));
  await namespaceJoined(socket);
  socket.pause();
  return socket;
}

/** Characters the server holds for every /live screen but `reader` (engine.io's write buffer, not in its types). */
function queuedForOthers(s: TestServer, reader: LiveClient): number {
  const others = [...s.pavilion.io.of(LIVE_NAMESPACE).sockets.values()].filter((socket) => socket.id !== reader.id);
  const packets = others.flatMap((socket) => (socket.conn as unknown as { writeBuffer: Array<{ data: unknown }> }).writeBuffer);
  return packets.reduce((sum, packet) => sum + String(packet.data).length, 0);
}

/** Read from the app's own metrics port, as Prometheus would. */
async function skippedFrames(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return Number(/^pavilion_live_frames_skipped (\d+)/m.exec(text)?.[1] ?? NaN);
}

const LIMIT = 256 * 1024;

/** Signings of about 1.8 KB on the wire each (600 CJK characters). */
const bulky = (n: number) => sampleSigning({ title: `${n} ${'智'.repeat(190)}`, investor: '能'.repeat(200), partner: '博'.repeat(200) });

describe('screens that fall behind', () => {
  it('hold frames back from a screen that stopped reading, while the others get every one', async () => {
    server = await startServer({ hub: { maxUnsentBytes: LIMIT } });
    const { url } = server;
    const metricsUrl = `http://127.0.0.1:${(await server.pavilion.listenMetrics(0)).port}`;
    stalled = await stalledScreen(url);
    reader = connectLive(url);
    await waitFor(reader, LiveEvents.snapshot);
    let lastSeq = 0;
    reader.on(LiveEvents.signingCreated, (m: SigningMessage) => (lastSeq = m.seq));
    reader.on(LiveEvents.signingBatch, (m: SigningBatchMessage) => (lastSeq = m.seq));
    expect(await skippedFrames(metricsUrl)).toBe(0);

    const token = await issueToken(url, 'staff');
    let seq = 0;
    for (let n = 0; n < 3000; n += 25) {
      const posted = await Promise.all(Array.from({ length: 25 }, (_, i) => postSigning(url, token, bulky(n + i))));
      seq = Math.max(seq, ...posted.map((p) => Number(p.body['seq'])));
    }
    await expect.poll(() => lastSeq, { timeout: 10_000 }).toBe(seq);
    // Without holding back, about 1.2 MB piles up here for the stalled screen.
    expect(queuedForOthers(server, reader)).toBeLessThan(2 * LIMIT);
    const skipped = await skippedFrames(metricsUrl);
    expect(skipped).toBeGreaterThan(0);

    // Once it reads again it has caught up, and frames reach it again.
    stalled.resume();
    stalled.on('data', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await postSigning(url, token, bulky(-1));
    await expect.poll(() => lastSeq, { timeout: 5000 }).toBeGreaterThan(seq);
    expect(await skippedFrames(metricsUrl)).toBe(skipped);
  }, 60_000);

  it('do not hold up closing the server', async () => {
    const closing = await startServer();
    server = closing;
    stalled = await stalledScreen(closing.url);
    const started = Date.now();
    await closing.close();
    server = undefined;
    // ws waits up to 30 s for the close handshake of a peer that does not read.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 45_000);
});
