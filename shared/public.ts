/**
 * The public audience's contract: the figures anyone may read, served as cacheable JSON to
 * phones, embeds, news sites and CDNs (docs/API.md, "Public figures"). The zod schemas are
 * the one description of these bodies: the server parses its answer through them (unknown
 * keys, such as a staff name, are dropped) and the OpenAPI document is generated from them.
 * Pages import only the types, so that zod stays out of the phone page's budget.
 */
import { z } from 'zod';
import { PUBLIC_LATEST_LIMIT } from './public-contract.js';

export * from './public-contract.js';

const name = z.object({ zh: z.string(), en: z.string() });
const totals = z.object({ count: z.number().int().nonnegative(), amountCny: z.number().nonnegative() });

const figures = z.object({
  entriesToday: z.number().int(),
  exitsToday: z.number().int(),
  entriesTotal: z.number().int(),
  onSiteNow: z.number().int(),
  uniqueToday: z.number().int(),
  uniqueTotal: z.number().int(),
});

/** A signing as anyone may see it (shared/signing.ts `publicSigning`): no staff names, no review notes. */
export const publicSigningSchema = z.object({
  id: z.string(),
  title: z.string(),
  investor: z.string(),
  investorCountry: z.string().meta({ description: 'ISO 3166-1 alpha-2' }),
  partner: z.string(),
  amount: z.number(),
  currency: z.string(),
  amountCny: z.number().meta({ description: 'whole yuan at the stored rate' }),
  rate: z.number(),
  sector: z.string(),
  venueId: z.string(),
  areaId: z.string(),
  signedAt: z.string(),
  status: z.literal('published'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const publicSummarySchema = z
  .object({
    seq: z.number().int().nonnegative().meta({ description: 'the last change these figures include; the ETag follows it' }),
    signings: totals,
    byVenue: z.record(z.string(), totals),
    byArea: z.record(z.string(), totals),
    bySector: z.record(z.string(), totals),
    targets: z.object({ contracts: z.number(), investmentCny: z.number(), visitors: z.number().optional() }),
    attendance: z
      .object({
        day: z.string().meta({ description: 'the event-local day "today" refers to, YYYY-MM-DD' }),
        total: figures,
        byVenue: z.record(z.string(), figures.extend({ capacity: z.number(), occupancy: z.number(), nearCapacity: z.boolean() })),
      })
      .nullable()
      .meta({ description: "today's visitors; null until a gate has reported" }),
    latestSignings: z.array(publicSigningSchema).max(PUBLIC_LATEST_LIMIT),
  })
  .meta({ description: 'What anyone may see of the live figures.' });

export type PublicSummary = z.infer<typeof publicSummarySchema>;

export const publicEventSchema = z
  .object({
    id: z.string(),
    name,
    hostCity: name,
    timeZone: z.string(),
    dates: z.object({ start: z.string(), end: z.string() }),
    openingHours: z.object({ open: z.string(), close: z.string() }),
    venues: z.array(z.object({ id: z.string(), name, capacity: z.number() })),
    areas: z.array(z.object({ id: z.string(), name, venueId: z.string().optional() })),
    sectors: z.array(z.object({ id: z.string(), name })),
    facts: z.object({ exhibitors: z.number(), countriesAndRegions: z.number(), floorAreaM2: z.number() }),
    targets: z.object({ contracts: z.number(), investmentCny: z.number(), visitors: z.number().optional() }),
  })
  .meta({ description: 'The event as the public sees it: names, dates, venues and targets; no gates, rates or limits.' });

export type PublicEvent = z.infer<typeof publicEventSchema>;
