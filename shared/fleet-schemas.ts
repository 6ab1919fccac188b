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
    /** An archived edition's line beside the live one on the cumulative chart (`?compare=`). */
    compare: venueId.nullable().optional(),
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
    /** The screen's last reload by itself (quiet hour or memory guard); absent from older builds. */
    lastReload: z
      .object({ at: z.iso.datetime(), reason: z.enum(['quiet-hour', 'memory']), heapBytes: z.number().min(0).nullable() })
      .strict()
      .nullable()
      .optional(),
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
  /** Shows the screen's name, venue, id and resolution full-screen for IDENTIFY_MS; nothing is stored. */
  z.object({ kind: z.literal('identify') }).strict(),
  /** A new name for the fleet list and identify; null goes back to what the screen reports. Screen targets only. */
  z.object({ kind: z.literal('rename'), name: z.string().trim().min(1).max(100).nullable() }).strict(),
  /** Drops an offline screen from the list and clears what was assigned to it alone. Screen targets only. */
  z.object({ kind: z.literal('forget') }).strict(),
]);
export type FleetCommand = z.infer<typeof fleetCommandSchema>;

export const fleetRequestSchema = z.object({ target: fleetTargetSchema, command: fleetCommandSchema }).strict();
export type FleetRequest = z.infer<typeof fleetRequestSchema>;

/** A wall-clock time of the event's day, `HH:MM`. */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/**
 * One part of a day. `to` at or before `from` runs past midnight into the next day; the range
 * belongs to the day it starts. `day` null: every day.
 */
export const scheduleRangeSchema = z
  .object({ day: z.iso.date().nullable(), from: clock, to: clock, profile: profileSchema })
  .strict()
  .refine((r) => r.from !== r.to, { message: 'from and to must differ', path: ['to'] });
export type ScheduleRange = z.infer<typeof scheduleRangeSchema>;

export const scheduleSchema = z
  .object({
    /** The first range that covers the moment wins. */
    ranges: z.array(scheduleRangeSchema).max(100),
    /** The dimmed screen-saver outside the event's opening hours. */
    saver: z.boolean(),
    /** When the screen reloads itself each night, event time (staggered per screen). */
    quietHour: clock.default('03:00'),
  })
  .strict();
export type Schedule = z.infer<typeof scheduleSchema>;

/** `PUT /api/v1/fleet/schedules`: null removes the schedule at this level. */
export const scheduleRequestSchema = z.object({ target: fleetTargetSchema, schedule: scheduleSchema.nullable() }).strict();
export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

/** Letters and digits a person cannot confuse: no 0/O, no 1/I. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `POST /api/v1/fleet/pair`. */
export const pairRequestSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`), `6 of ${PAIRING_ALPHABET}`),
    name: z.string().trim().min(1).max(100),
    venueId: venueId.nullable(),
    profile: profileSchema.optional(),
  })
  .strict();
export type PairRequest = z.infer<typeof pairRequestSchema>;
