/**
 * The screen fleet's wire contract: the `/fleet` Socket.IO namespace every `/display`
 * joins, and the HTTP bodies of the organizer's fleet page (`/api/v1/fleet/*`).
 *
 * A screen registers once per connection and sends a heartbeat every few seconds; the
 * server answers with the screen's whole `ScreenState` whenever it changes (never a diff),
 * so a reconnecting screen is right after one message.
 */
import { z } from 'zod';

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
} as const;

export const HEARTBEAT_MS = 5000;

const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes, underscores');
const venueId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

export const SCENE_NAMES = ['headline', 'signings', 'charts', 'venue'] as const;

/** What a screen shows: the same options as the `/display` URL. */
export const profileSchema = z
  .object({
    venue: venueId.nullable(),
    lang: z.enum(['zh', 'en', 'zh-en']),
    scenes: z.array(z.object({ name: z.enum(SCENE_NAMES), seconds: z.number().int().min(3).max(3600) }).strict()).min(1).max(8),
    theme: z.enum(['dark', 'light']),
  })
  .strict();
export type Profile = z.infer<typeof profileSchema>;

export const registerSchema = z
  .object({
    screenId: id,
    name: z.string().trim().min(1).max(100),
    venue: venueId.nullable(),
    resolution: z.object({ width: z.number().int().min(0).max(100_000), height: z.number().int().min(0).max(100_000) }).strict(),
    build: z.string().max(100),
    uptimeSeconds: z.number().min(0).max(1e9),
    lastSeq: z.number().int().min(0),
    /** Used JS heap in bytes where the browser tells (Chromium), else null. */
    heapBytes: z.number().min(0).nullable(),
  })
  .strict();
export type Registration = z.infer<typeof registerSchema>;

export const heartbeatSchema = registerSchema.pick({ uptimeSeconds: true, lastSeq: true, heapBytes: true }).strict();
export type FleetHeartbeat = z.infer<typeof heartbeatSchema>;

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
}

export const fleetTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('screen'), id }).strict(),
  z.object({ type: z.literal('venue'), id: venueId }).strict(),
  z.object({ type: z.literal('all') }).strict(),
]);
export type FleetTarget = z.infer<typeof fleetTargetSchema>;

const message = z.string().trim().min(1).max(300);
const seconds = z.number().int().min(1).max(7 * 86_400);

export const fleetCommandSchema = z.discriminatedUnion('kind', [
  /** Null clears the assignment at this level. */
  z.object({ kind: z.literal('profile'), profile: profileSchema.nullable() }).strict(),
  z.object({ kind: z.literal('announce'), text: message, seconds }).strict(),
  z.object({ kind: z.literal('spotlight'), text: message, seconds }).strict(),
  /** Ends the announcement and spotlight at this level. */
  z.object({ kind: z.literal('clear') }).strict(),
  z.object({ kind: z.literal('blank'), on: z.boolean() }).strict(),
  z.object({ kind: z.literal('reload') }).strict(),
]);
export type FleetCommand = z.infer<typeof fleetCommandSchema>;

export const fleetRequestSchema = z.object({ target: fleetTargetSchema, command: fleetCommandSchema }).strict();
export type FleetRequest = z.infer<typeof fleetRequestSchema>;

export interface FleetServerToClient {
  'fleet:state': (state: ScreenState) => void;
  'fleet:reload': () => void;
}

export interface FleetClientToServer {
  'fleet:register': (registration: Registration) => void;
  'fleet:heartbeat': (beat: FleetHeartbeat) => void;
}

/** A profile as `/display` query parameters. */
export function profileToParams(profile: Profile): Record<string, string> {
  return {
    ...(profile.venue ? { venue: profile.venue } : {}),
    lang: profile.lang,
    scenes: profile.scenes.map((s) => `${s.name}:${s.seconds}`).join(','),
    theme: profile.theme,
  };
}

const PROFILE_KEYS = ['venue', 'lang', 'scenes', 'theme'];

/**
 * The `/display` query a screen should run with: the profile's options replace the URL's;
 * a pinned screen keeps nothing else from its URL (without a profile it runs the defaults).
 * Null when the URL is right already.
 */
export function displaySearchFor(search: string, profile: Profile | null, pinned: boolean): string | null {
  if (!profile && !pinned) return null;
  const current = new URLSearchParams(search);
  const next = new URLSearchParams(pinned ? '' : search);
  for (const key of PROFILE_KEYS) next.delete(key);
  for (const [key, value] of Object.entries(profile ? profileToParams(profile) : {})) next.set(key, value);
  const same = (a: URLSearchParams, b: URLSearchParams) => [...a].length === [...b].length && [...a].every(([k, v]) => b.get(k) === v);
  const query = next.toString();
  return same(current, next) ? null : query ? `?${query}` : '';
}
