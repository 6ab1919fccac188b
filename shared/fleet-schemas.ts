/** Validation of the fleet's wire contract (shared/fleet.ts), for the server and the organizer's forms. */
import { z } from 'zod';
import { SCENE_NAMES } from './fleet.js';

const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes, underscores');
const venueId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

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
