/**
 * The screen fleet's wire contract: the `/fleet` Socket.IO namespace every `/display`
 * joins, and the HTTP bodies of the organizer's fleet page (`/api/v1/fleet/*`).
 *
 * A screen registers once per connection and sends a heartbeat every few seconds; the
 * server answers with the screen's whole `ScreenState` whenever it changes (never a diff),
 * so a reconnecting screen is right after one message.
 *
 * A socket shows one screen at a time, and a registration never disconnects another page:
 * a page registering an id that a connected page already shows joins it (it gets the
 * screen's state and commands) without displacing it from the list.
 */
import type { ErrorBody } from './errors.js';
import type {
  FleetCommand,
  FleetHeartbeat,
  FleetRequest,
  FleetTarget,
  PairRequest,
  Profile,
  Registration,
  Schedule,
  ScheduleRange,
  ScheduleRequest,
} from './fleet-schemas.js';

// The schemas live apart so that a screen, which only needs these names and types, does not load zod.
export type { FleetCommand, FleetHeartbeat, FleetRequest, FleetTarget, PairRequest, Profile, Registration, Schedule, ScheduleRange, ScheduleRequest };

export const FLEET_NAMESPACE = '/fleet';

export const FleetEvents = {
  /** Screen → server, first thing after every connect. */
  register: 'fleet:register',
  /** Screen → server, every HEARTBEAT_MS. */
  heartbeat: 'fleet:heartbeat',
  /** Server → screen: what it must show now (profile, banner, spotlight, blank). */
  state: 'fleet:state',
  /** Server → screen: reload the page. */
  reload: 'fleet:reload',
  /** Screen → server: a screen without identity asks for a pairing code to show. */
  pairingCode: 'fleet:pairing-code',
  /** Server → screen: an organizer paired it; its display credential and name. */
  paired: 'fleet:paired',
  /** Server → screen: show name, venue, id and resolution for IDENTIFY_MS. */
  identify: 'fleet:identify',
} as const;

export const HEARTBEAT_MS = 5000;
/** How long identify, and a newly paired screen's name, stay on screen. */
export const IDENTIFY_MS = 10_000;
/** A pairing code is good for this long; the screen then asks for a new one. */
export const PAIRING_CODE_MS = 10 * 60_000;
/** How long a command waits for the screens it reached to acknowledge it. */
export const ACK_WAIT_MS = 1500;
/** Default quiet hour of the nightly reload, event time. */
export const DEFAULT_QUIET_HOUR = '03:00';

/**
 * The server's answer to `fleet:register`. `listed`: this page's registration and heartbeats
 * are the ones the fleet list shows (false while an earlier page shows the same id).
 * Refusals: `forbidden` (a display token's id without the token), `unavailable` (the list
 * is full), `invalid_request` (a registration that does not pass the schema).
 */
export type RegisterAnswer = { screenId: string; listed: boolean } | ErrorBody;

/** The answer to `fleet:pairing-code`: the code to show, and how long it is good for. */
export type PairingCodeAnswer = { code: string; remainingMs: number } | ErrorBody;

/** `fleet:paired`: the screen keeps `token` (a display token issued for it) and is `screenId` from now on. */
export interface PairedMessage {
  token: string;
  screenId: string;
  name: string;
  venue: string | null;
}

/** `fleet:identify`: who the fleet thinks the screen is; the screen adds its own resolution. */
export interface IdentifyMessage {
  screenId: string;
  name: string;
  venue: string | null;
}

/** What decided the screen's profile: a ceremony stage, a schedule range, a profile command, or nothing (its URL). */
export type ProfileSource = 'stage' | 'schedule' | 'profile' | null;

export const SCENE_NAMES = ['headline', 'signings', 'charts', 'venue'] as const;

export interface TimedMessage {
  text: string;
  /** Server time it ends. */
  until: string;
  /** Milliseconds left when sent: screens time it with their own clock, which may be off. */
  remainingMs: number;
}

/** Everything a screen must show, sent whole on register and after every command. */
export interface ScreenState {
  screenId: string;
  /** Null: the screen follows its URL. */
  profile: Profile | null;
  /** Pinned by a display token: the URL cannot change identity or profile. */
  pinned: boolean;
  announcement: TimedMessage | null;
  spotlight: TimedMessage | null;
  blank: boolean;
  /** The server runs the rehearsal data set: screens show a "演练 / REHEARSAL" watermark. */
  rehearsal: boolean;
  /** The name the fleet lists it under. */
  name: string;
  profileSource: ProfileSource;
  /**
   * A ceremony stage the screen belongs to now (kind `stage` of the assignments). It wins over
   * the schedule: the schedule's profile and screen-saver do not apply while it is set.
   */
  stage: { ceremonyId: string } | null;
  /** Screen-saver outside opening hours, from the schedule; null: no schedule, the URL decides. */
  saver: boolean | null;
  /** Nightly reload time, event time. */
  quietHour: string;
}

export type ScreenStatus = 'online' | 'stale' | 'offline';

/** One line of the fleet page (`GET /api/v1/fleet/screens`). */
export interface ScreenInfo extends Omit<Registration, 'screenId'> {
  id: string;
  status: ScreenStatus;
  /** When the screen entered its status. */
  statusSince: string;
  /** Why a screen is stale: silent, or behind on seq. */
  reason: 'silent' | 'behind' | null;
  lastHeardAt: string;
  pinned: boolean;
  state: ScreenState;
  /** The code a screen without identity shows, while it is valid; null once paired. */
  pairingCode: string | null;
}

/** Screens acknowledge `fleet:state`, `fleet:reload` and `fleet:identify`, so commands can count who took them. */
export interface FleetServerToClient {
  'fleet:state': (state: ScreenState, ack: (received: true) => void) => void;
  'fleet:reload': (ack: (received: true) => void) => void;
  'fleet:paired': (message: PairedMessage) => void;
  'fleet:identify': (message: IdentifyMessage, ack: (received: true) => void) => void;
}

export interface FleetClientToServer {
  'fleet:register': (registration: Registration, ack?: (answer: RegisterAnswer) => void) => void;
  'fleet:heartbeat': (beat: FleetHeartbeat) => void;
  'fleet:pairing-code': (ack: (answer: PairingCodeAnswer) => void) => void;
}

/**
 * The fleet page's miniature of a screen is `/display?preview=1&…` in a same-origin frame: it
 * shows the live figures but never joins `/fleet`, and the page posts it the screen's state
 * (banner, spotlight, blank, stage) in this window message whenever it reads the list.
 */
export const FLEET_PREVIEW_MESSAGE = 'pavilion:fleet-preview';

export interface FleetPreviewMessage {
  type: typeof FLEET_PREVIEW_MESSAGE;
  state: ScreenState;
}

/** `POST /api/v1/fleet/commands` answer: screens with a page connected, and those that confirmed within ACK_WAIT_MS. */
export interface CommandAnswer {
  reached: number;
  acknowledged: number;
}

/** A profile as `/display` query parameters. */
export function profileToParams(profile: Profile): Record<string, string> {
  return {
    ...(profile.venue ? { venue: profile.venue } : {}),
    lang: profile.lang,
    scenes: profile.scenes.map((s) => `${s.name}:${s.seconds}`).join(','),
    theme: profile.theme,
    ...(profile.compare ? { compare: profile.compare } : {}),
  };
}

const PROFILE_KEYS = ['venue', 'lang', 'scenes', 'theme', 'compare'];

/**
 * The `/display` query a screen should run with: the profile's options replace the URL's;
 * a pinned screen keeps nothing else from its URL (without a profile it runs the defaults).
 * Null when the URL is right already.
 */
export function displaySearchFor(search: string, profile: Profile | null, pinned: boolean, saver: boolean | null = null): string | null {
  if (!profile && !pinned && saver === null) return null;
  const current = new URLSearchParams(search);
  const next = new URLSearchParams(pinned ? '' : search);
  if (profile || pinned) for (const key of PROFILE_KEYS) next.delete(key);
  for (const [key, value] of Object.entries(profile ? profileToParams(profile) : {})) next.set(key, value);
  // A schedule's screen-saver setting replaces the URL's; without one the URL decides.
  if (saver !== null) {
    next.delete('saver');
    if (saver) next.set('saver', '1');
  }
  const same = (a: URLSearchParams, b: URLSearchParams) => [...a].length === [...b].length && [...a].every(([k, v]) => b.get(k) === v);
  const query = next.toString();
  return same(current, next) ? null : query ? `?${query}` : '';
}
