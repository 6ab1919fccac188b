import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../server/store/sqlite/sqlite-store.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import { summarize } from '../../shared/summary.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { ADMIN_PASSWORD, defaultEvent, issueToken, sampleSigning, sentKeyOf, tempDir } from '../support/server.js';

/** Crash rounds: a few in CI; `PAVILION_CRASH_ROUNDS` for a longer run. */
const ROUNDS = Number(process.env.PAVILION_CRASH_ROUNDS ?? 4);
const WRITERS = 12;

interface Attempt {
  key: string;
  body: SigningInput;
}

const acked = new Map<string, { id: string; seq: number }>();
/** Gate batches (one entry each): acknowledged, and sent without an answer. */
const ackedBatches = new Set<string>();
const unsureBatches = new Set<string>();
let batchCounter = 0;
const unsure = new Map<string, Attempt>();
let counter = 0;

async function attempt(url: string, token: string, a: Attempt): Promise<void> {
  try {
    const res = await fetch(`${url}/api/v1/signings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': a.key },
      body: JSON.stringify(a.body),
    });
    const body = (await res.json()) as { signing: Signing; seq: number };
    if (res.status !== 201) throw new Error(`unexpected ${res.status}`);
    const before = acked.get(a.key);
    // A retry must answer with the signing the first success created.
    if (before) expect(body.signing.id).toBe(before.id);
    acked.set(a.key, { id: body.signing.id, seq: body.seq });
    unsure.delete(a.key);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('unexpected')) throw error;
    unsure.set(a.key, a); // the connection died: the outcome is unknown until retried
  }
}

async function report(url: string, device: string, batchId: string): Promise<void> {
  const now = Date.now();
  try {
    const res = await fetch(`${url}/api/v1/attendance/counts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device}` },
      body: JSON.stringify({ gateId: 'v1-g1', batchId, from: new Date(now - 1000).toISOString(), to: new Date(now).toISOString(), entries: 1, exits: 0 }),
    });
    const body = (await res.json()) as { accepted: number; duplicates: number };
    if (res.status !== 202 || body.accepted + body.duplicates !== 1) throw new Error(`unexpected ${res.status} ${JSON.stringify(body)}`);
    ackedBatches.add(batchId);
    unsureBatches.delete(batchId);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('unexpected')) throw error;
    unsureBatches.add(batchId);
  }
}

/** Writers that create signings and retry earlier keys, and a gate that reports, until `stop` is set. */
async function drive(server: ServerProcess, token: string, device: string, stop: { now: boolean }): Promise<void> {
  const gate = async () => {
    while (!stop.now) {
      const retry = [...unsureBatches];
      await report(server.url, device, Math.random() < 0.2 && retry.length > 0 ? retry[0]! : `batch-${++batchCounter}`);
    }
  };
  const writer = async () => {
    while (!stop.now) {
      const retry = Math.random() < 0.2 ? [...unsure.values(), ...[...acked.keys()].slice(-5).map((key) => ({ key, body: bodyOf(key) }))] : [];
      const a = retry[Math.floor(Math.random() * retry.length)] ?? fresh();
      await attempt(server.url, token, a);
    }
  };
  await Promise.all([...Array.from({ length: WRITERS }, writer), gate()]);
}

const bodies = new Map<string, SigningInput>();
function fresh(): Attempt {
  const key = `crash-${++counter}`;
  const body = sampleSigning({ amount: 1e6 + counter, title: `crash test ${counter}` });
  bodies.set(key, body);
  return { key, body };
}
const bodyOf = (key: string) => bodies.get(key)!;

describe('durability under kill -9', () => {
  it(`loses and doubles nothing acknowledged over ${ROUNDS} crashes`, { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const env = { PAVILION_DATA_DIR: dataDir, PAVILION_ADMIN_PASSWORD: ADMIN_PASSWORD };
    let token = '';
    let device = '';
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServerProcess(env);
      token ||= await issueToken(server.url, 'staff');
      device ||= await issueToken(server.url, 'device', { venueId: 'v1' });
      const stop = { now: false };
      const driving = drive(server, token, device, stop);
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
      server.child.kill('SIGKILL');
      await server.exited;
      stop.now = true;
      await driving;
    }

    const final = await startServerProcess(env);
    for (const a of [...unsure.values()]) await attempt(final.url, token, a);
    for (const batchId of [...unsureBatches]) await report(final.url, device, batchId);
    const summary = await (await fetch(`${final.url}/api/v1/summary`)).json();
    final.child.kill('SIGTERM');
    await final.exited;

    const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
    const rows = db.prepare('SELECT idempotency_key AS key, id, created_seq AS seq, data FROM signings').all() as Array<{
      key: string;
      id: string;
      seq: number;
      data: string;
    }>;
    const seqs = (db.prepare('SELECT seq FROM changes ORDER BY seq').all() as Array<{ seq: number }>).map((r) => r.seq);
    const batches = (db.prepare('SELECT batch_id AS id FROM attendance_batches').all() as Array<{ id: string }>).map((r) => r.id);
    const entries = (db.prepare('SELECT coalesce(sum(entries), 0) AS n FROM attendance_flows').get() as { n: number }).n;
    db.close();

    const byKey = new Map(rows.map((r) => [sentKeyOf(r.key), r]));
    const lost = [...acked].filter(([key, a]) => byKey.get(key)?.id !== a.id || byKey.get(key)?.seq !== a.seq);
    const duplicated = rows.length - new Set(rows.map((r) => r.key)).size;
    console.log(
      `durability: ${ROUNDS} kill -9 rounds, acknowledged ${acked.size}, found ${acked.size - lost.length}, ` +
        `lost ${lost.length}, duplicated ${duplicated}, rows ${rows.length}, unsure left ${unsure.size}; ` +
        `gate batches acknowledged ${ackedBatches.size}, stored ${batches.length}, entries counted ${entries}`,
    );
    expect(ackedBatches.size).toBeGreaterThan(ROUNDS);
    expect([...ackedBatches].filter((b) => !batches.includes(b))).toEqual([]);
    expect(batches).toHaveLength(ackedBatches.size);
    expect(entries).toBe(batches.length);
    expect(summary.attendance.total.entriesTotal).toBe(entries);
    expect(acked.size).toBeGreaterThan(ROUNDS * 10);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(unsure.size).toBe(0);
    expect(rows).toHaveLength(acked.size);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(summarize(rows.map((r) => JSON.parse(r.data) as Signing), defaultEvent().timeZone)).toEqual({ ...summary, seq: 0, attendance: null });
    expect(summary.seq).toBe(seqs[seqs.length - 1]);
  });
});
