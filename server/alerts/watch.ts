import { alertThresholds, type AlertThresholds, type InstanceHealth } from '../../shared/alerts.js';
import type { AttendanceSummary } from '../../shared/attendance.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { ScreenInfo } from '../../shared/fleet.js';
import type { Change, SigningChangeRecord } from '../store/operations.js';
import type { AlertCenter } from './center.js';
import type { GateWatch } from './gates.js';
import { capacityVerdicts, gateVerdicts, heldVerdict, redisVerdict, screenVerdicts, storeVerdict } from './rules.js';

export interface AlertWatchDeps {
  center: AlertCenter;
  gates: GateWatch;
  /** Read at every evaluation: the event (and its thresholds) may be edited while running. */
  event: () => EventConfig;
  now: () => Date;
  /** This instance's name, the subject of its store and Redis alerts. */
  instance: string;
  attendance: () => AttendanceSummary | null | undefined;
  /** Every instance's screens. */
  screens: () => Promise<ScreenInfo[]>;
  cluster?: { ping(): Promise<void> };
  /** How often time-based kinds are checked and other instances' alerts read (real time). */
  checkMs: number;
  onError: (message: string, error: unknown) => void;
}

const isSigningChange = (c: Change): c is SigningChangeRecord => c.type.startsWith('signing.');

/** Changes per minute are counted in one-second buckets of the injected clock. */
const WINDOW_SECONDS = 60;

/**
 * Feeds the alert center: changes from the feed (capacity, held signings), commit outcomes
 * (store), screens and gate reports as they happen, and a periodic check for what only time
 * reveals (a screen or gate that stays away, Redis) and for other instances' alerts.
 */
export class AlertWatch {
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  #redis: InstanceHealth['redis'];
  #writesFailing = false;
  readonly #startedAt: number;
  readonly #commits = new Map<number, number>();

  constructor(private readonly deps: AlertWatchDeps) {
    this.#startedAt = deps.now().getTime();
    this.#redis = deps.cluster ? 'ok' : 'none';
  }

  get thresholds(): AlertThresholds {
    return alertThresholds(this.deps.event().alerts);
  }

  start(): void {
    this.#timer = setInterval(() => void this.check(), this.deps.checkMs);
    this.#timer.unref();
    void this.check();
  }

  stop(): Promise<void> {
    clearInterval(this.#timer);
    return this.#checking ?? Promise.resolve();
  }

  /** Committed changes, after the live figures took them. */
  changes(changes: readonly Change[]): void {
    this.deps.gates.apply(changes);
    const held = changes.flatMap((c) => (isSigningChange(c) && (c.signing.status === 'held' || c.previous?.status === 'held') ? [heldVerdict(c.signing)] : []));
    const attendance = changes.some((c) => c.type === 'attendance');
    void this.#apply([...held, ...(attendance ? this.#capacity() : [])]);
  }

  /** This instance committed `changes` changes (the board's write rate). */
  countWrites(changes: number): void {
    const second = Math.floor(this.deps.now().getTime() / 1000);
    this.#commits.set(second, (this.#commits.get(second) ?? 0) + changes);
  }

  /** A batch of this instance's writes was committed. */
  writesSucceeded(): void {
    if (this.#writesFailing) {
      this.#writesFailing = false;
      void this.#apply([storeVerdict(this.deps.instance, false)]);
    }
  }

  writesFailed(): void {
    this.#writesFailing = true;
    void this.#apply([storeVerdict(this.deps.instance, true)]);
  }

  screensChanged(): void {
    void this.#screens().then((v) => this.#apply(v));
  }

  gateReported(): void {
    void this.#apply(this.#gates());
  }

  health(): InstanceHealth {
    const second = Math.floor(this.deps.now().getTime() / 1000);
    let writes = 0;
    for (const [s, n] of this.#commits) {
      if (s <= second - WINDOW_SECONDS) this.#commits.delete(s);
      else writes += n;
    }
    return {
      instance: this.deps.instance,
      startedAt: new Date(this.#startedAt).toISOString(),
      writes: this.#writesFailing ? 'failing' : 'ok',
      redis: this.#redis,
      writesPerMinute: writes,
    };
  }

  /** One periodic round; rounds never overlap. */
  check(): Promise<void> {
    this.#checking ??= this.#round().finally(() => (this.#checking = undefined));
    return this.#checking;
  }

  async #round(): Promise<void> {
    try {
      await Promise.all([this.deps.center.refresh(), this.deps.gates.refresh()]);
      const [screens, redis] = await Promise.all([this.#screens(), this.#redisDown()]);
      await this.#apply([...this.#capacity(), ...screens, ...this.#gates(), ...redis]);
    } catch (error) {
      this.deps.onError('alert check failed', error);
    }
  }

  #apply(verdicts: Parameters<AlertCenter['apply']>[0]): Promise<void> {
    if (verdicts.length === 0) return Promise.resolve();
    return this.deps.center.apply(verdicts).catch((error) => this.deps.onError('could not apply alerts', error));
  }

  #capacity() {
    const byVenue = this.deps.attendance()?.byVenue;
    return byVenue ? capacityVerdicts(this.deps.event(), byVenue, this.thresholds) : [];
  }

  #gates() {
    return gateVerdicts(this.deps.event(), this.deps.gates.lastReports, this.deps.now().getTime(), this.#startedAt, this.thresholds);
  }

  async #screens() {
    try {
      return screenVerdicts(await this.deps.screens(), this.deps.now().getTime(), this.thresholds);
    } catch (error) {
      this.deps.onError('could not list screens', error);
      return [];
    }
  }

  async #redisDown() {
    const cluster = this.deps.cluster;
    if (!cluster) return [];
    const down = await cluster.ping().then(
      () => false,
      () => true,
    );
    this.#redis = down ? 'down' : 'ok';
    return [redisVerdict(this.deps.instance, down)];
  }
}
