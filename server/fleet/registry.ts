import type { Socket } from 'socket.io';
import {
  ACK_WAIT_MS,
  FleetEvents,
  PAIRING_CODE_MS,
  type CommandAnswer,
  type PairedMessage,
  type PairingCodeAnswer,
  type ScreenState,
  type FleetClientToServer,
  type FleetHeartbeat,
  type FleetRequest,
  type FleetServerToClient,
  type Registration,
  type RegisterAnswer,
  type ScreenInfo,
  type TimedMessage,
} from '../../shared/fleet.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { Schedule } from '../../shared/fleet-schemas.js';
import { newPairingCode } from './pairing.js';
import type { FleetAssignment, FleetStore } from '../store/types.js';
import { appliesTo, resolveState, targetKey } from './resolve.js';
import { screenStatus, type Liveness, type StatusThresholds } from './status.js';

/** A display token's hold on a screen: identity and venue come from the token. */
export interface Pin {
  tokenId: string;
  label: string;
  venueId: string | null;
}

export interface FleetSocketData {
  pin?: Pin;
  /** Set once the socket registered: the one screen it shows. */
  screenId?: string;
  /** What it registered as (identity from its token if pinned), listed while it is the screen's first page. */
  registration?: Registration;
  /** The pairing code this page shows, while it has no identity. */
  pairingCode?: string;
}

export type FleetSocket = Socket<FleetClientToServer, FleetServerToClient, Record<string, never>, FleetSocketData>;

interface ScreenRecord extends Liveness, Omit<Registration, 'screenId'> {
  id: string;
  pinned: boolean;
  connectedAt: number;
  /**
   * The pages showing this screen, in the order they registered (a Set keeps it). All of
   * them get its state and commands; the first one's registration and heartbeats are listed.
   */
  pages: Set<FleetSocket>;
  /** What the last `fleet:state` sent to it showed, so a schedule tick or a re-read sends only changes. */
  sentKey?: string;
}

/** Ids of screens pinned by a display token; no other screen may take one. */
const PINNED_PREFIX = 'token-';

export type FleetCommandKind = FleetRequest['command']['kind'];

/** The screen id a display token pins. */
export function pinnedScreenId(tokenId: string): string {
  return PINNED_PREFIX + tokenId;
}

export interface FleetOptions {
  thresholds: StatusThresholds;
  now: () => number;
  /** This app serves the rehearsal data set. */
  rehearsal: boolean;
  /**
   * Offline screens kept in the list; beyond it the one offline longest is forgotten.
   * Anyone may register a screen, and a kiosk that loses its stored id comes back as a new
   * one, so without a bound the list would grow for as long as the process runs.
   */
  offlineKept: number;
  /**
   * Screens kept in all, online and offline. A registration without a display token that
   * would add one more, when no offline screen can be forgotten for it, is refused: many
   * connections each claiming a new id must not grow the list without end. Pinned screens
   * are bounded by the tokens an admin issued and always register.
   */
  screensKept: number;
  /** The event's zone: schedules and quiet hours are on its clock. */
  timeZone: string;
  /** How often screens are checked for a schedule range that began or ended. */
  scheduleTickMs: number;
  /**
   * With several instances, how often the assignments are read again from the store: a peer's
   * notice lost while Redis reconnected is made good within this time. Null with one instance.
   */
  resyncMs: number | null;
}

function refusal(code: ErrorBody['error']['code'], message: string): RegisterAnswer {
  return { error: { code, message } };
}

function firstPage(record: ScreenRecord): FleetSocket | undefined {
  return record.pages.values().next().value;
}

/**
 * The screens this process serves and what organizers assigned to them. Assignments are
 * written to the store before any screen hears of them, and re-sent on every register.
 */
export class FleetRegistry {
  readonly #screens = new Map<string, ScreenRecord>();
  /** Ids of offline screens not pinned by a token, longest offline first (a Set keeps insertion order). */
  readonly #offline = new Set<string>();
  #assignments: FleetAssignment[] = [];
  /** Pairing codes shown now, each by one page without identity. */
  readonly #codes = new Map<string, { socket: FleetSocket; expiresAt: number }>();
  #tick: ReturnType<typeof setInterval> | undefined;
  #resync: ReturnType<typeof setInterval> | undefined;
  /** Moves on with every write here, so that a re-read begun before one is not taken for newer. */
  #writes = 0;

  constructor(
    private readonly store: FleetStore,
    private readonly liveSeq: () => number,
    private readonly options: FleetOptions,
  ) {}

  async load(): Promise<void> {
    this.#assignments = await this.store.listAssignments();
    this.#tick ??= setInterval(() => this.tick(), this.options.scheduleTickMs);
    this.#tick.unref();
    if (this.options.resyncMs !== null && !this.#resync) {
      this.#resync = setInterval(() => void this.resync(), this.options.resyncMs);
      this.#resync.unref();
    }
  }

  close(): void {
    clearInterval(this.#tick);
    clearInterval(this.#resync);
  }

  /** Sends a new state to every screen whose schedule range began or ended since it was last told. */
  tick(): void {
    if (this.#assignments.some((a) => a.kind === 'schedule')) this.#sendChanged();
  }

  /** Reads the assignments again and sends every screen whose state they change. */
  async resync(): Promise<void> {
    const writes = this.#writes;
    // A store that fails now is reported by /readyz and the alerts; the next re-read tries again.
    const assignments = await this.store.listAssignments().catch(() => null);
    if (!assignments || writes !== this.#writes) return;
    this.#assignments = assignments;
    this.#sendChanged();
  }

  #sendChanged(): void {
    const now = this.options.now();
    for (const record of this.#screens.values()) {
      if (!record.connected) continue;
      const state = this.#resolve(record, now);
      if (stateKey(state) !== record.sentKey) this.#send(record);
    }
  }

  /**
   * A code for a registered page without identity to show; asking again replaces its code.
   * Screens pinned by a display token have their identity already.
   */
  pairingCode(socket: FleetSocket): PairingCodeAnswer {
    const record = this.#recordOf(socket);
    if (!record) return { error: { code: 'invalid_request', message: 'register first' } };
    if (record.pinned) return { error: { code: 'forbidden', message: 'this screen is paired already' } };
    this.#dropCode(socket);
    let code = newPairingCode();
    while (this.#codes.has(code)) code = newPairingCode();
    this.#codes.set(code, { socket, expiresAt: this.options.now() + PAIRING_CODE_MS });
    socket.data.pairingCode = code;
    return { code, remainingMs: PAIRING_CODE_MS };
  }

  /** Whether a connected page shows `code` now. */
  showsCode(code: string): boolean {
    const held = this.#codes.get(code);
    return held !== undefined && held.expiresAt > this.options.now() && held.socket.connected;
  }

  /**
   * Hands the page showing `code` its credential: the code is spent, the page is told, and
   * its pending entry leaves the list (it registers again as the paired screen). False when
   * no connected page shows the code.
   */
  pair(code: string, message: PairedMessage): boolean {
    if (!this.showsCode(code)) return false;
    const { socket } = this.#codes.get(code)!;
    this.#dropCode(socket);
    const record = this.#recordOf(socket);
    if (record && record.pages.size === 1) {
      record.pages.clear();
      this.#forget(record.id);
    }
    socket.emit(FleetEvents.paired, message);
    return true;
  }

  /**
   * Puts the screens under `key` (`screen:<id>`, `venue:<id>`, `all`) on a ceremony's stage,
   * or takes them off it (null). While on a stage a screen's schedule does not apply.
   */
  async setStage(key: string, stage: { ceremonyId: string } | null): Promise<CommandAnswer> {
    if (stage) await this.#put({ target: key, kind: 'stage', value: stage, updatedAt: new Date(this.options.now()).toISOString() });
    else await this.#remove(key, 'stage');
    return this.deliver(key, 'profile');
  }

  /** Stores a schedule at `key` (null removes it) and sends the screens it reaches their state. */
  async schedule(key: string, schedule: Schedule | null): Promise<CommandAnswer> {
    if (schedule) await this.#put({ target: key, kind: 'schedule', value: schedule, updatedAt: new Date(this.options.now()).toISOString() });
    else await this.#remove(key, 'schedule');
    return this.deliver(key, 'profile');
  }

  /**
   * A socket shows one screen: registering again releases the screen it showed before.
   * A registration never disconnects or displaces another page. A page that registers an id
   * another page already shows joins it: it gets the screen's state and commands, but the
   * list keeps the first page's name, venue and reports until that page leaves, so a page
   * that only knows the id can neither cut a screen off nor move it to another venue.
   * Refused: an unpinned page claiming a token's id, and a new screen when the list is full.
   */
  register(socket: FleetSocket, reg: Registration, pin: Pin | null): RegisterAnswer {
    if (!pin && reg.screenId.startsWith(PINNED_PREFIX)) return refusal('forbidden', 'this screen id belongs to a display token');
    const now = this.options.now();
    const id = pin ? PINNED_PREFIX + pin.tokenId : reg.screenId;
    const own: Registration = { ...reg, screenId: id, name: pin ? pin.label : reg.name, venue: pin?.venueId ?? reg.venue };
    if (socket.data.screenId !== undefined && socket.data.screenId !== id) this.#release(socket);
    let record = this.#screens.get(id);
    if (!record) {
      if (!pin && !this.#roomForOneMore()) return refusal('unavailable', 'the screen list is full');
      record = { ...own, id, pinned: pin !== null, connected: false, connectedAt: now, disconnectedAt: null, lastHeardAt: now, behindSince: null, pages: new Set() };
      this.#screens.set(id, record);
    }
    socket.data.screenId = id;
    socket.data.registration = own;
    record.pages.add(socket);
    this.#offline.delete(id);
    const listed = firstPage(record) === socket;
    if (listed) {
      this.#list(record, own, now);
      this.#send(record);
    } else {
      const state = this.#resolve(record, now);
      void this.#acked([socket], (page) => page.timeout(ACK_WAIT_MS).emitWithAck(FleetEvents.state, state));
    }
    return { screenId: id, listed };
  }

  heartbeat(socket: FleetSocket, beat: FleetHeartbeat): void {
    const record = this.#recordOf(socket);
    if (!record || !socket.data.registration) return;
    // Kept for when this page becomes the listed one.
    Object.assign(socket.data.registration, beat);
    if (firstPage(record) !== socket) return;
    const now = this.options.now();
    Object.assign(record, beat, { lastHeardAt: now });
    this.#noteSeq(record, beat.lastSeq, now);
  }

  disconnected(socket: FleetSocket): void {
    this.#dropCode(socket);
    this.#release(socket);
  }

  list(): ScreenInfo[] {
    const now = this.options.now();
    return [...this.#screens.values()]
      .map((r) => this.#info(r, now))
      .sort((a, b) => (a.venue ?? '').localeCompare(b.venue ?? '') || a.name.localeCompare(b.name));
  }

  assignments(): readonly FleetAssignment[] {
    return this.#assignments;
  }

  /** Stores the command's effect, then tells the screens it reaches. Returns how many it reached and how many confirmed. */
  async command({ target, command }: FleetRequest): Promise<CommandAnswer> {
    const key = targetKey(target);
    const now = this.options.now();
    const updatedAt = new Date(now).toISOString();
    const until = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    switch (command.kind) {
      case 'profile':
        if (command.profile) await this.#put({ target: key, kind: 'profile', value: command.profile, updatedAt });
        else await this.#remove(key, 'profile');
        break;
      case 'announce':
        await this.#put({ target: key, kind: 'announcement', value: { text: command.text, until: until(command.seconds) }, updatedAt });
        break;
      case 'spotlight':
        await this.#put({ target: key, kind: 'spotlight', value: { text: command.text, until: until(command.seconds) }, updatedAt });
        break;
      case 'clear':
        // An expired message as the latest one: it ends older ones from every level.
        await this.#put({ target: key, kind: 'announcement', value: { text: '', until: updatedAt }, updatedAt });
        await this.#put({ target: key, kind: 'spotlight', value: { text: '', until: updatedAt }, updatedAt });
        break;
      case 'blank':
        await this.#put({ target: key, kind: 'blank', value: command.on, updatedAt });
        break;
      case 'rename':
        if (command.name) await this.#put({ target: key, kind: 'name', value: command.name, updatedAt });
        else await this.#remove(key, 'name');
        break;
      case 'forget':
        return this.#forgetScreen(key);
      case 'reload':
      case 'identify':
        break;
    }
    return this.deliver(key, command.kind);
  }

  /**
   * Tells this process's screens under `key` their new state (or to reload); returns how
   * many screens, each counted once however many pages show it, and only with a page still
   * connected.
   */
  async deliver(key: string, kind: FleetCommandKind): Promise<CommandAnswer> {
    const reached = [...this.#screens.values()].filter((r) => appliesTo(key, r) && this.#connectedPages(r).length > 0);
    const now = this.options.now();
    const acks = reached.map((r) => {
      const pages = this.#connectedPages(r);
      if (kind === 'reload') return this.#acked(pages, (page) => page.timeout(ACK_WAIT_MS).emitWithAck(FleetEvents.reload));
      if (kind === 'identify') {
        const state = this.#resolve(r, now);
        const message = { screenId: r.id, name: state.name, venue: r.venue };
        return this.#acked(pages, (page) => page.timeout(ACK_WAIT_MS).emitWithAck(FleetEvents.identify, message));
      }
      return this.#send(r);
    });
    const acknowledged = (await Promise.all(acks)).filter(Boolean).length;
    return { reached: reached.length, acknowledged };
  }

  /**
   * Another instance stored a command: read the assignments again, then tell our screens.
   * A screen forgotten there is forgotten here too: its pages may be connected to this instance.
   */
  async deliverStored(key: string, kind: FleetCommandKind): Promise<CommandAnswer> {
    await this.load();
    return kind === 'forget' ? this.#forgetScreen(key) : this.deliver(key, kind);
  }

  async #put(a: FleetAssignment): Promise<void> {
    await this.store.putAssignment(a);
    this.#writes += 1;
    this.#assignments = [...this.#assignments.filter((x) => x.target !== a.target || x.kind !== a.kind), a];
  }

  async #remove(target: string, kind: FleetAssignment['kind']): Promise<void> {
    await this.store.deleteAssignment(target, kind);
    this.#writes += 1;
    this.#assignments = this.#assignments.filter((x) => x.target !== target || x.kind !== kind);
  }

  #noteSeq(record: ScreenRecord, lastSeq: number, now: number): void {
    record.behindSince = lastSeq < this.liveSeq() ? (record.behindSince ?? now) : null;
  }

  #recordOf(socket: FleetSocket): ScreenRecord | undefined {
    const record = socket.data.screenId === undefined ? undefined : this.#screens.get(socket.data.screenId);
    return record?.pages.has(socket) ? record : undefined;
  }

  #connectedPages(record: ScreenRecord): FleetSocket[] {
    return [...record.pages].filter((page) => page.connected);
  }

  /** The list shows what `reg` reported; a screen that was offline is online from now. */
  #list(record: ScreenRecord, reg: Registration, now: number): void {
    const { screenId: _id, ...reported } = reg;
    if (!record.connected) Object.assign(record, { connected: true, connectedAt: now, disconnectedAt: null });
    Object.assign(record, reported, { lastHeardAt: now });
    this.#noteSeq(record, reg.lastSeq, now);
  }

  /** The socket no longer shows its screen; the next page takes its place in the list, or the screen goes offline. */
  #release(socket: FleetSocket): void {
    const record = this.#recordOf(socket);
    socket.data.screenId = undefined;
    socket.data.registration = undefined;
    if (!record) return;
    const wasListed = firstPage(record) === socket;
    record.pages.delete(socket);
    const now = this.options.now();
    const next = firstPage(record);
    if (next?.data.registration) {
      if (!wasListed) return;
      this.#list(record, next.data.registration, now);
      // Its venue may differ from the page before.
      this.#send(record);
      return;
    }
    Object.assign(record, { connected: false, disconnectedAt: now });
    // Pinned screens are bounded by the display tokens an admin issued.
    if (record.pinned) return;
    this.#offline.add(record.id);
    for (const id of this.#offline) {
      if (this.#offline.size <= this.options.offlineKept) break;
      this.#forget(id);
    }
  }

  /** True when one more screen fits, forgetting the screen offline longest if that makes room. */
  #roomForOneMore(): boolean {
    if (this.#screens.size < this.options.screensKept) return true;
    const oldest = this.#offline.values().next().value;
    if (oldest === undefined) return false;
    this.#forget(oldest);
    return true;
  }

  #forget(id: string): void {
    this.#offline.delete(id);
    this.#screens.delete(id);
  }

  /** Sends the screen its state; resolves true once one of its pages confirmed it (within ACK_WAIT_MS). */
  #send(record: ScreenRecord): Promise<boolean> {
    const pages = this.#connectedPages(record);
    if (pages.length === 0) return Promise.resolve(false);
    const state = this.#resolve(record, this.options.now());
    record.sentKey = stateKey(state);
    return this.#acked(pages, (page) => page.timeout(ACK_WAIT_MS).emitWithAck(FleetEvents.state, state));
  }

  /** True when any page acknowledged; pages of older builds, which do not, count as reached only. */
  async #acked(pages: FleetSocket[], emit: (page: FleetSocket) => Promise<unknown>): Promise<boolean> {
    const answers = await Promise.allSettled(pages.map(emit));
    return answers.some((a) => a.status === 'fulfilled');
  }

  #resolve(r: ScreenRecord, now: number): ScreenState {
    return resolveState(r, this.#assignments, now, this.options.rehearsal, this.options.timeZone);
  }

  #dropCode(socket: FleetSocket): void {
    if (socket.data.pairingCode !== undefined) this.#codes.delete(socket.data.pairingCode);
    socket.data.pairingCode = undefined;
  }

  #codeOf(record: ScreenRecord): string | null {
    const page = firstPage(record);
    const code = page?.data.pairingCode;
    return code !== undefined && this.showsCode(code) ? code : null;
  }

  /** Forgets a screen: what was assigned to it alone, and its entry; its pages are let go. */
  async #forgetScreen(key: string): Promise<CommandAnswer> {
    const id = key.startsWith('screen:') ? key.slice('screen:'.length) : null;
    const record = id === null ? undefined : this.#screens.get(id);
    for (const a of this.#assignments.filter((x) => x.target === key)) await this.#remove(key, a.kind);
    if (!record) return { reached: 0, acknowledged: 0 };
    const pages = this.#connectedPages(record);
    record.pages.clear();
    this.#forget(record.id);
    // They connect again by themselves (client/lib/reconnect.ts): a revoked token's screen then pairs anew.
    for (const page of pages) page.disconnect(true);
    return { reached: pages.length > 0 ? 1 : 0, acknowledged: 0 };
  }

  #info(r: ScreenRecord, now: number): ScreenInfo {
    const { status, reason, since } = screenStatus(r, now, this.options.thresholds);
    return {
      id: r.id,
      name: this.#resolve(r, now).name,
      venue: r.venue,
      resolution: r.resolution,
      build: r.build,
      uptimeSeconds: r.uptimeSeconds,
      lastSeq: r.lastSeq,
      heapBytes: r.heapBytes,
      status,
      reason,
      statusSince: new Date(since).toISOString(),
      lastHeardAt: new Date(r.lastHeardAt).toISOString(),
      pinned: r.pinned,
      state: this.#resolve(r, now),
      lastReload: r.lastReload ?? null,
      pairingCode: this.#codeOf(r),
    };
  }
}

/** Everything a screen shows from its state, but the time left on a message, which runs down by itself. */
function stateKey(s: ScreenState): string {
  const timed = (m: TimedMessage | null) => m && { text: m.text, until: m.until };
  return JSON.stringify({ ...s, announcement: timed(s.announcement), spotlight: timed(s.spotlight) });
}
