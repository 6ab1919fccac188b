import type { RequestHandler } from 'express';
import type { AttendanceDelta } from '../../shared/attendance.js';
import { localHourKey, localTime } from '../../shared/time.js';
import { parseCounts, parseScans } from '../attendance/ingest.js';
import type { AlertStore } from '../store/alert-types.js';
import type { Change } from '../store/operations.js';

/** A gate's report is written to the store at most this often per instance: a device reports every few seconds. */
const NOTE_EVERY_MS = 15_000;

/**
 * What is known of each gate's device: when it last reported (kept in the store, so that
 * every instance and a restart agree) and how many people it let in this hour (folded
 * from the change log, which every instance reads).
 */
export class GateWatch {
  #last: Record<string, string> = {};
  #noted = new Map<string, number>();
  /** `gateId|hour` → entries, for the current and the previous event-local hour only. */
  #entries = new Map<string, number>();

  constructor(
    private readonly store: AlertStore,
    private readonly now: () => Date,
    private readonly timeZone: () => string,
    private readonly onReport: () => void,
    private readonly onError: (error: unknown) => void,
    seed?: AttendanceDelta,
  ) {
    if (seed) this.#fold(seed);
  }

  /**
   * Watches the attendance routes: a device whose request was accepted (202) reported, even
   * when everything in it was a duplicate, a zero or refused as implausible.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      res.once('finish', () => {
        if (req.method !== 'POST' || res.statusCode !== 202) return;
        try {
          // The path as sent: by now the router may have put its mount point back on req.url.
          const path = req.originalUrl.split('?')[0] ?? '';
          const reports = path.endsWith('/attendance/counts') ? parseCounts(req.body) : path.endsWith('/attendance/scans') ? parseScans(req.body) : [];
          this.noteReports(reports.map((r) => r.gateId));
        } catch (error) {
          this.onError(error);
        }
      });
      next();
    };
  }

  noteReports(gateIds: string[]): void {
    const nowMs = this.now().getTime();
    const at = new Date(nowMs).toISOString();
    const due = [...new Set(gateIds)].filter((g) => nowMs - (this.#noted.get(g) ?? -Infinity) >= NOTE_EVERY_MS || !this.#last[g]);
    for (const g of new Set(gateIds)) this.#last[g] = at;
    if (due.length > 0) {
      due.forEach((g) => this.#noted.set(g, nowMs));
      this.store.noteGateReports(due, at).catch(this.onError);
    }
    this.onReport();
  }

  /** Reads the last reports of every instance from the store. */
  async refresh(): Promise<void> {
    const stored = await this.store.gateReports();
    for (const [g, at] of Object.entries(stored)) if (!this.#last[g] || this.#last[g]! < at) this.#last[g] = at;
  }

  get lastReports(): Record<string, string> {
    return this.#last;
  }

  apply(changes: readonly Change[]): void {
    for (const c of changes) if (c.type === 'attendance' && !c.correction) this.#fold(c.delta);
  }

  /** Entries per minute over the current event-local hour so far. */
  entriesPerMinute(gateId: string): number {
    const now = this.now();
    const entries = this.#entries.get(`${gateId}|${localHourKey(now, this.timeZone())}`) ?? 0;
    const minutes = Math.max(1, localTime(now, this.timeZone()).minute + now.getUTCSeconds() / 60);
    return Math.round((entries / minutes) * 10) / 10;
  }

  #fold(delta: AttendanceDelta): void {
    const current = localHourKey(this.now(), this.timeZone());
    for (const f of delta.flows) {
      if (f.hour < current) continue;
      const k = `${f.gateId}|${f.hour}`;
      this.#entries.set(k, (this.#entries.get(k) ?? 0) + f.entries);
    }
    for (const k of this.#entries.keys()) if (k.slice(k.indexOf('|') + 1) < current) this.#entries.delete(k);
  }
}
