import fs from 'node:fs';
import http from 'node:http';
import { Server } from 'socket.io';
import { LIVE_NAMESPACE, LiveEvents } from '../../shared/live.js';

/**
 * The floor of the fan-out: a default Socket.IO server that broadcasts each POSTed signing
 * at once, as one `signing:created` message shaped like Pavilion's (the signing plus a summary
 * read from BENCH_SUMMARY_FILE), with no storage, no validation and no frames.
 */
const summary: unknown = process.env.BENCH_SUMMARY_FILE ? JSON.parse(fs.readFileSync(process.env.BENCH_SUMMARY_FILE, 'utf8')) : {};
let seq = 0;

const httpServer = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return void res.writeHead(200).end('{"status":"ok"}');
  if (req.method !== 'POST' || req.url !== '/api/v1/signings') return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    seq++;
    const now = new Date().toISOString();
    const signing = { id: `bare-${seq}`, ...body, amountCny: body.amount, rate: 1, signedAt: now, status: 'published', version: 1, createdAt: now, updatedAt: now, createdBy: 'bench staff' };
    nsp.emit(LiveEvents.signingCreated, { seq, prevSeq: seq - 1, signing, summary });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ signing, seq }));
  });
});
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
const nsp = io.of(LIVE_NAMESPACE);
httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => io.close(() => process.exit(0)));
