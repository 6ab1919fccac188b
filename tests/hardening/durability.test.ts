import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../server/store/sqlite/sqlite-store.js';
import type { Signing, SigningInput } from '../../shared/signing.js';
import { summarize } from '../../shared/summary.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { ADMIN_PASSWORD, defaultEvent, issueToken, sampleSigning, tempDir } from '../support/server.js';

/** Crash rounds: a few in CI; `PAVILION_CRASH_ROUNDS` for a longer run. */
const ROUNDS = Number(process.env.PAVILION_CRASH_ROUNDS ?? 4);
const WRITERS = 12;

interface Attempt {
  key: string;
  body: SigningInput;
}

const acked = new Map<string, { id: string; seq: number }>();
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

/** Writers that create signings and retry earlier keys until `stop` is set. */
async function drive(server: ServerProcess, token: string, stop: { now: boolean }): Promise<void> {
  const writer = async () => {
    while (!stop.now) {
      const retry = Math.random() < 0.2 ? [...unsure.values(), ...[...acked.keys()].slice(-5).map((key) => ({ key, body: bodyOf(key) }))] : [];
      const a = retry[Math.floor(Math.random() * retry.length)] ?? fresh();
      await attempt(server.url, token, a);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
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
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServerProcess(env);
      token ||= await issueToken(server.url, 'staff');
      const stop = { now: false };
      const driving = drive(server, token, stop);
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
      server.child.kill('SIGKILL');
      await server.exited;
      stop.now = true;
      await driving;
    }

    const final = await startServerProcess(env);
    for (const a of [...unsure.values()]) await attempt(final.url, token, a);
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
    db.close();

    const byKey = new Map(rows.map((r) => [r.key, r]));
    const lost = [...acked].filter(([key, a]) => byKey.get(key)?.id !== a.id || byKey.get(key)?.seq !== a.seq);
    const duplicated = rows.length - new Set(rows.map((r) => r.key)).size;
    console.log(
      `durability: ${ROUNDS} kill -9 rounds, acknowledged ${acked.size}, found ${acked.size - lost.length}, ` +
        `lost ${lost.length}, duplicated ${duplicated}, rows ${rows.length}, unsure left ${unsure.size}`,
    );
    expect(acked.size).toBeGreaterThan(ROUNDS * 10);
    expect(lost).toEqual([]);
    expect(duplicated).toBe(0);
    expect(unsure.size).toBe(0);
    expect(rows).toHaveLength(acked.size);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(summarize(rows.map((r) => JSON.parse(r.data) as Signing), defaultEvent().timeZone)).toEqual({ ...summary, seq: 0 });
    expect(summary.seq).toBe(seqs[seqs.length - 1]);
  });
});
