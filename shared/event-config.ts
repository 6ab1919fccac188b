import { z } from 'zod';
import { isValidTimeZone } from './time.js';
import { alertThresholdsSchema } from './alerts.js';
import { regionNamingSchema } from './countries.js';

/** A name shown to people, in both languages of the expo. */
export const localizedName = z.object({
  zh: z.string().trim().min(1),
  en: z.string().trim().min(1),
});

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes');
const day = z.iso.date();
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** People one gate may pass per minute, all its lanes together; reports beyond it are refused. */
const personsPerMinute = z.number().int().positive().max(100_000);

const gate = z.object({ id, name: localizedName, personsPerMinute: personsPerMinute.optional() });

const venue = z.object({
  id,
  name: localizedName,
  /** People the venue may hold at once; attendance flags it at 90%. */
  capacity: z.number().int().positive(),
  gates: z.array(gate).min(1),
});

const area = z.object({ id, name: localizedName, venueId: id.optional() });

const hours = z.object({ open: clock, close: clock }).strict();

/** Targets of the whole event or of one day; the visitors target is counted at the gates. */
const dayTargets = z
  .object({
    contracts: z.number().int().nonnegative().optional(),
    investmentCny: z.number().nonnegative().optional(),
    visitors: z.number().int().nonnegative().optional(),
  })
  .strict();

/** One day of the event where it differs from the defaults: its hours, venues that keep other hours, its targets. */
const eventDay = z
  .object({
    date: day,
    hours: hours.optional(),
    /** Venue id → that venue's hours on this day, over the day's. */
    venueHours: z.record(z.string(), hours).optional(),
    targets: dayTargets.optional(),
  })
  .strict();
const sector = z.object({ id, name: localizedName });

/**
 * What the server takes on trust. A signing outside these bounds is stored but held for a
 * second person's review instead of reaching the screens (docs/API.md, "Held signings").
 */
export const signingLimitsSchema = z
  .object({
    /** Under this many yuan is almost always a unit slip (yuan typed for 万元). */
    minCny: z.number().positive().default(1e4),
    /** Over this many yuan in one signing (1,000亿元) is held. */
    maxCny: z.number().positive().default(1e11),
    /** Held when more than this many times the median of counted signings... */
    reviewFactor: z.number().min(1).default(50),
    /** ...once at least this many signings count. */
    reviewMinCount: z.number().int().min(1).default(10),
  })
  .strict();

export type SigningLimits = z.infer<typeof signingLimitsSchema>;

export const eventConfigSchema = z
  .object({
    id,
    name: localizedName,
    hostCity: localizedName,
    timeZone: z.string().refine(isValidTimeZone, 'not an IANA time zone'),
    dates: z.object({ start: day, end: day }),
    openingHours: z.object({ open: clock, close: clock }),
    /** Days that differ from `openingHours`, and per-day targets; a day not listed keeps the defaults. */
    days: z.array(eventDay).optional(),
    /** Editions of one expo share it (`wie`): an archived edition of the same series is offered for comparison. */
    series: id.optional(),
    venues: z.array(venue).min(1),
    areas: z.array(area).min(1),
    sectors: z.array(sector).min(1),
    facts: z.object({
      exhibitors: z.number().int().nonnegative(),
      countriesAndRegions: z.number().int().nonnegative(),
      floorAreaM2: z.number().nonnegative(),
    }),
    targets: z.object({
      contracts: z.number().int().positive(),
      investmentCny: z.number().positive(),
      /** Visitors over the whole event, counted at the gates. */
      visitors: z.number().int().positive().optional(),
    }),
    /** Yuan per one unit of each accepted currency. CNY is always 1. */
    exchangeRates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
    exchangeRatesNote: z.string().optional(),
    /** When true, a signing needs a second person's confirmation before screens show it. */
    requireVerification: z.boolean().default(false),
    /** `personsPerMinute` of a gate that names none (default 60, docs/ATTENDANCE.md). */
    gatePersonsPerMinute: personsPerMinute.optional(),
    limits: signingLimitsSchema.default(signingLimitsSchema.parse({})),
    /** Alert thresholds that differ from the defaults (shared/alerts.ts, docs/API.md "Alerts"). */
    alerts: alertThresholdsSchema.optional(),
    /** How HK, MO and TW are named and flagged on the desk, the walls and exports (shared/countries.ts). */
    regionNaming: regionNamingSchema.optional(),
    /** Minutes after entering a signing in which staff may void it themselves (default 30; 0: never). */
    staffVoidMinutes: z.number().int().min(0).max(1440).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.dates.end < event.dates.start) {
      ctx.addIssue({ code: 'custom', path: ['dates', 'end'], message: 'ends before it starts' });
    }
    const unique = (path: string, ids: string[]) => {
      const seen = new Set<string>();
      ids.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: `duplicate id "${value}"` });
        seen.add(value);
      });
    };
    unique('venues', event.venues.map((v) => v.id));
    unique('areas', event.areas.map((a) => a.id));
    unique('sectors', event.sectors.map((s) => s.id));
    const gateIds = event.venues.flatMap((v) => v.gates.map((g) => g.id));
    if (new Set(gateIds).size !== gateIds.length) {
      ctx.addIssue({ code: 'custom', path: ['venues'], message: 'gate ids must be unique across venues' });
    }
    if (event.limits.maxCny <= event.limits.minCny) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'maxCny'], message: 'must be more than minCny' });
    }
    const venueIds = new Set(event.venues.map((v) => v.id));
    event.areas.forEach((a, index) => {
      if (a.venueId && !venueIds.has(a.venueId)) {
        ctx.addIssue({ code: 'custom', path: ['areas', index, 'venueId'], message: `unknown venue "${a.venueId}"`, params: { code: 'unknown_venue' } });
      }
    });
    checkDays(event, venueIds, ctx);
  });

/** Per-day entries lie within the dates, once each, and name known venues. */
function checkDays(
  event: { dates: { start: string; end: string }; days?: Array<z.infer<typeof eventDay>> },
  venueIds: Set<string>,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  event.days?.forEach((d, index) => {
    if (d.date < event.dates.start || d.date > event.dates.end) {
      ctx.addIssue({ code: 'custom', path: ['days', index, 'date'], message: 'outside the event dates' });
    }
    if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', index, 'date'], message: `duplicate day "${d.date}"` });
    seen.add(d.date);
    for (const venueId of Object.keys(d.venueHours ?? {})) {
      if (!venueIds.has(venueId)) ctx.addIssue({ code: 'custom', path: ['days', index, 'venueHours', venueId], message: `unknown venue "${venueId}"`, params: { code: 'unknown_venue' } });
    }
  });
}

export type EventConfig = z.infer<typeof eventConfigSchema>;
export type EventDay = z.infer<typeof eventDay>;
export type DayTargets = z.infer<typeof dayTargets>;
export type Venue = EventConfig['venues'][number];
export type LocalizedName = z.infer<typeof localizedName>;

/** Every currency the event accepts, CNY included. */
export function acceptedCurrencies(event: EventConfig): string[] {
  return ['CNY', ...Object.keys(event.exchangeRates).filter((c) => c !== 'CNY')];
}

export function gateVenue(event: EventConfig, gateId: string): Venue | undefined {
  return event.venues.find((v) => v.gates.some((g) => g.id === gateId));
}
