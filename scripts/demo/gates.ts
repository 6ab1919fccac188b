import { randomUUID } from 'node:crypto';
import type { EventConfig, Venue } from '../../shared/event-config.js';
import { ApiClient } from './client.js';

/**
 * A gate simulator for the demo: a plausible expo day of turnstile counts and badge scans,
 * posted through the public API with device tokens. Everything here is SIMULATION: the
 * day's shape, the visitor numbers and the share of duplicate and late batches are made up
 * to look alive on screens; they are not facts about the real event.
 *
 * Times are real: the simulated day (opening to closing) is compressed into
 * `(closing - opening) / speed` of wall-clock time from the moment it starts, so every
 * report passes the server's clock check and "today" on screens is the real today.
 */
export interface GateSimulationOptions {
  baseUrl: string;
  event: EventConfig;
  /** A device token for a venue (scoped to that venue), e.g. issued by the admin. */
  tokenFor: (venueId: string) => Promise<string>;
  /** Simulated seconds per real second; 60 plays an eight-hour day in eight minutes. */
  speed?: number;
  /** Visitors per venue over the day as a multiple of its capacity (simulation). */
  visitorsPerCapacity?: number;
  /** Share of batches sent twice, as a device retrying after a timeout would. */
  duplicateShare?: number;
  /** Share of batches held back and sent a few seconds later, after newer ones. */
  lateShare?: number;
  signal: AbortSignal;
  log?: (message: string) => void;
}

export interface GateSimulationStats {
  batches: number;
  entries: number;
  exits: number;
  duplicatesSent: number;
  lateSent: number;
  refused: number;
}

/** Relative arrival and departure intensity by hour of the opening day (simulation). */
const ENTRY_SHAPE = [1.6, 2.2, 1.4, 0.9, 1.1, 1.2, 0.5, 0.1];
const EXIT_SHAPE = [0.05, 0.15, 0.3, 0.9, 0.4, 0.5, 0.9, 2.4];
const TICK_MS = 1000;
const BADGE_POOL = 1.3; // badges per expected visitor: re-entries reuse badges, so unique < entries

interface Lane {
  venue: Venue;
  gateId: string;
  mode: 'scans' | 'interval' | 'counter';
  client: ApiClient;
  entriesTotal: number;
  exitsTotal: number;
}

interface Pending {
  lane: Lane;
  path: string;
  body: unknown;
  sendAt: number;
}

/** Runs one simulated day, or until `signal` aborts; resolves with what was sent. */
export async function runGates(options: GateSimulationOptions): Promise<GateSimulationStats> {
  const speed = options.speed ?? 60;
  const dayMs = (ENTRY_SHAPE.length * 3600_000) / speed;
  const lanes = await makeLanes(options);
  const onSite = new Map(options.event.venues.map((v) => [v.id, 0]));
  const stats: GateSimulationStats = { batches: 0, entries: 0, exits: 0, duplicatesSent: 0, lateSent: 0, refused: 0 };
  const late: Pending[] = [];
  const started = Date.now();
  while (!options.signal.aborted && Date.now() - started < dayMs) {
    const tickStart = Date.now();
    const hourIndex = Math.min(ENTRY_SHAPE.length - 1, Math.floor(((tickStart - started) / dayMs) * ENTRY_SHAPE.length));
    const sends: Array<Promise<void>> = [];
    for (const venue of options.event.venues) {
      const venueLanes = lanes.filter((l) => l.venue.id === venue.id);
      const perHour = (venue.capacity * (options.visitorsPerCapacity ?? 1.2)) / ENTRY_SHAPE.reduce((a, b) => a + b, 0);
      const simSeconds = (TICK_MS / 1000) * speed;
      const entries = poisson((perHour * ENTRY_SHAPE[hourIndex]! * simSeconds) / 3600);
      const present = onSite.get(venue.id)! + entries;
      const exits = Math.min(present, poisson(present * EXIT_SHAPE[hourIndex]! * (simSeconds / 3600) * 0.5));
      onSite.set(venue.id, present - exits);
      stats.entries += entries;
      stats.exits += exits;
      const outs = split(exits, venueLanes.length);
      split(entries, venueLanes.length).forEach((n, i) => {
        const lane = venueLanes[i]!;
        const report = reportFor(lane, n, outs[i]!, tickStart, venue.capacity);
        if (!report) return;
        stats.batches += 1;
        if (Math.random() < (options.lateShare ?? 0.03)) {
          late.push({ lane, ...report, sendAt: tickStart + 3000 + Math.random() * 5000 });
          return;
        }
        sends.push(post(lane, report.path, report.body, stats));
        if (Math.random() < (options.duplicateShare ?? 0.05)) {
          stats.duplicatesSent += 1;
          sends.push(post(lane, report.path, report.body, stats));
        }
      });
    }
    const due = late.filter((p) => p.sendAt <= Date.now());
    late.splice(0, late.length, ...late.filter((p) => p.sendAt > Date.now()));
    for (const p of due) {
      stats.lateSent += 1;
      sends.push(post(p.lane, p.path, p.body, stats));
    }
    await Promise.all(sends);
    await sleep(TICK_MS - (Date.now() - tickStart), options.signal);
  }
  // Late batches still held are sent, so that the figures at rest are what was simulated.
  await Promise.all(late.map((p) => post(p.lane, p.path, p.body, stats)));
  options.log?.(`gates: ${stats.entries} entries, ${stats.exits} exits in ${stats.batches} batches`);
  return stats;
}

async function makeLanes(options: GateSimulationOptions): Promise<Lane[]> {
  const lanes: Lane[] = [];
  for (const venue of options.event.venues) {
    const client = new ApiClient(options.baseUrl, await options.tokenFor(venue.id));
    venue.gates.forEach((gate, i) => {
      // One gate per venue scans badges, one speaks cumulative counters, the rest report intervals.
      const mode = i === 0 ? 'scans' : i === 1 ? 'counter' : 'interval';
      lanes.push({ venue, gateId: gate.id, mode, client, entriesTotal: Math.floor(Math.random() * 60_000), exitsTotal: 0 });
    });
  }
  return lanes;
}

function reportFor(lane: Lane, entries: number, exits: number, at: number, capacity: number): { path: string; body: unknown } | undefined {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (lane.mode === 'scans') {
    if (entries + exits === 0) return undefined;
    const pool = Math.max(10, Math.round(capacity * BADGE_POOL));
    const scan = (direction: 'in' | 'out', i: number) => ({
      badgeId: `DEMO-${lane.venue.id}-${Math.floor(Math.random() * pool)}`,
      gateId: lane.gateId,
      at: iso(at - i),
      direction,
    });
    const scans = [...Array.from({ length: entries }, (_, i) => scan('in', i)), ...Array.from({ length: exits }, (_, i) => scan('out', entries + i))];
    return { path: '/api/v1/attendance/scans', body: { scans } };
  }
  if (lane.mode === 'counter') {
    // A 16-bit counter wraps now and then; the server must count through it.
    lane.entriesTotal = (lane.entriesTotal + entries) % 65_536;
    lane.exitsTotal = (lane.exitsTotal + exits) % 65_536;
    const body = { gateId: lane.gateId, batchId: randomUUID(), at: iso(at), entriesTotal: lane.entriesTotal, exitsTotal: lane.exitsTotal };
    return { path: '/api/v1/attendance/counts', body };
  }
  if (entries + exits === 0) return undefined;
  const body = { gateId: lane.gateId, batchId: randomUUID(), from: iso(at - TICK_MS), to: iso(at), entries, exits };
  return { path: '/api/v1/attendance/counts', body };
}

async function post(lane: Lane, path: string, body: unknown, stats: GateSimulationStats): Promise<void> {
  try {
    const res = await lane.client.post<{ rejected?: unknown[] }>(path, body);
    if (res.status !== 202 || (res.body.rejected?.length ?? 0) > 0) stats.refused += 1;
  } catch {
    // The server went away (the demo is stopping); the simulation just loses this batch.
    stats.refused += 1;
  }
}

/** Splits `n` over `parts` lanes at random, as visitors pick a gate. */
function split(n: number, parts: number): number[] {
  const out = new Array<number>(parts).fill(0);
  for (let i = 0; i < n; i++) out[Math.floor(Math.random() * parts)]! += 1;
  return out;
}

function poisson(mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  let k = 0;
  for (let p = Math.random(); p > Math.exp(-mean); p *= Math.random()) k += 1;
  return k;
}

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
