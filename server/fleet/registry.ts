import type { Socket } from 'socket.io';
import {
  FleetEvents,
  type FleetClientToServer,
  type FleetHeartbeat,
  type FleetRequest,
  type FleetServerToClient,
  type Registration,
  type ScreenInfo,
} from '../../shared/fleet.js';
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
  /** Set once the socket registered. */
  screenId?: string;
}

export type FleetSocket = Socket<FleetClientToServer, FleetServerToClient, Record<string, never>, FleetSocketData>;

interface ScreenRecord extends Liveness, Omit<Registration, 'screenId'> {
  id: string;
  pinned: boolean;
  connectedAt: number;
  socket: FleetSocket | null;
}

/** Ids of screens pinned by a display token; no other screen may take one. */
const PINNED_PREFIX = 'token-';

export type FleetCommandKind = FleetRequest['command']['kind'];

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

  constructor(
    private readonly store: FleetStore,
    private readonly liveSeq: () => number,
    private readonly options: FleetOptions,
  ) {}

  async load(): Promise<void> {
    this.#assignments = await this.store.listAssignments();
  }

  /**
   * Ignored when a screen without a token claims a token's id: a pinned screen must not be
   * displaced by a page that only knows its id.
   */
  register(socket: FleetSocket, reg: Registration, pin: Pin | null): void {
    if (!pin && reg.screenId.startsWith(PINNED_PREFIX)) return;
    const now = this.options.now();
    const id = pin ? PINNED_PREFIX + pin.tokenId : reg.screenId;
    const previous = this.#screens.get(id);
    // A second page with the same id takes over; the old one is told nothing more.
    if (previous?.socket && previous.socket !== socket) previous.socket.disconnect(true);
    const record: ScreenRecord = {
      ...reg,
      id,
      name: pin ? pin.label : reg.name,
      venue: pin?.venueId ?? reg.venue,
      pinned: pin !== null,
      connected: true,
      connectedAt: now,
      disconnectedAt: null,
      lastHeardAt: now,
      behindSince: null,
      socket,
    };
    this.#noteSeq(record, reg.lastSeq, now);
    this.#screens.set(id, record);
    this.#offline.delete(id);
    socket.data.screenId = id;
    this.#send(record);
  }

  heartbeat(socket: FleetSocket, beat: FleetHeartbeat): void {
    const record = this.#bySocket(socket);
    if (!record) return;
    const now = this.options.now();
    Object.assign(record, beat, { lastHeardAt: now });
    this.#noteSeq(record, beat.lastSeq, now);
  }

  disconnected(socket: FleetSocket): void {
    const record = this.#bySocket(socket);
    if (!record) return;
    Object.assign(record, { connected: false, socket: null, disconnectedAt: this.options.now() });
    // Pinned screens are bounded by the display tokens an admin issued.
    if (record.pinned) return;
    this.#offline.add(record.id);
    for (const id of this.#offline) {
      if (this.#offline.size <= this.options.offlineKept) break;
      this.#offline.delete(id);
      this.#screens.delete(id);
    }
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

  /** Stores the command's effect, then tells the screens it reaches. Returns how many it reached. */
  async command({ target, command }: FleetRequest): Promise<number> {
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
      case 'reload':
        break;
    }
    return this.deliver(key, command.kind);
  }

  /** Tells this process's screens under `key` their new state (or to reload); returns how many. */
  deliver(key: string, kind: FleetCommandKind): number {
    const reached = [...this.#screens.values()].filter((r) => r.socket && appliesTo(key, r));
    for (const r of reached) {
      if (kind === 'reload') r.socket!.emit(FleetEvents.reload);
      else this.#send(r);
    }
    return reached.length;
  }

  /** Another instance stored a command: read the assignments again, then tell our screens. */
  async deliverStored(key: string, kind: FleetCommandKind): Promise<number> {
    await this.load();
    return this.deliver(key, kind);
  }

  async #put(a: FleetAssignment): Promise<void> {
    await this.store.putAssignment(a);
    this.#assignments = [...this.#assignments.filter((x) => x.target !== a.target || x.kind !== a.kind), a];
  }

  async #remove(target: string, kind: FleetAssignment['kind']): Promise<void> {
    await this.store.deleteAssignment(target, kind);
    this.#assignments = this.#assignments.filter((x) => x.target !== target || x.kind !== kind);
  }

  #noteSeq(record: ScreenRecord, lastSeq: number, now: number): void {
    record.behindSince = lastSeq < this.liveSeq() ? (record.behindSince ?? now) : null;
  }

  #bySocket(socket: FleetSocket): ScreenRecord | undefined {
    const record = socket.data.screenId === undefined ? undefined : this.#screens.get(socket.data.screenId);
    return record?.socket === socket ? record : undefined;
  }

  #send(record: ScreenRecord): void {
    record.socket?.emit(FleetEvents.state, this.#resolve(record, this.options.now()));
  }

  #resolve(r: ScreenRecord, now: number) {
    return resolveState(r, this.#assignments, now, this.options.rehearsal);
  }

  #info(r: ScreenRecord, now: number): ScreenInfo {
    const { status, reason, since } = screenStatus(r, now, this.options.thresholds);
    return {
      id: r.id,
      name: r.name,
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
    };
  }
}
