/**
 * The organizer console's HTTP contract: drill-down filters, the signings table query and
 * time travel. The filters are the same on every organizer route, so a shared URL, a
 * table page and a CSV export always agree.
 */
import { z } from 'zod';
import type { Signing } from './signing.js';
import type { Summary } from './summary.js';
import { localTime } from './time.js';

const id = z.string().trim().min(1).max(40);

export const organizerFiltersSchema = z.object({
  venue: id.optional(),
  area: id.optional(),
  sector: id.optional(),
  /** Investor country, ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/, 'two capital letters').optional(),
  /** Event-local day, YYYY-MM-DD, of `signedAt`. */
  day: z.iso.date().optional(),
});

export type OrganizerFilters = z.infer<typeof organizerFiltersSchema>;
export const FILTER_KEYS = ['venue', 'area', 'sector', 'country', 'day'] as const satisfies ReadonlyArray<keyof OrganizerFilters>;

/** A moment of the event, for time travel: the figures as the screens showed them then. */
const at = z.iso.datetime({ offset: true, message: 'ISO 8601 date and time with offset' });

export const summaryQuerySchema = organizerFiltersSchema.extend({ at: at.optional() }).strict();

/** `GET /api/v1/organizer/summary`. */
export interface SummaryResponse {
  summary: Summary;
  /** The moment asked for, or null for the live figures. */
  at: string | null;
  /** The live seq when the answer was computed. */
  liveSeq: number;
  /** When the first change was committed: where the time-travel slider starts. */
  firstChangeAt: string | null;
}

export const SIGNING_SORTS = ['signedAt', 'amountCny', 'title', 'investor', 'investorCountry', 'venueId', 'sector'] as const;
export type SigningSort = (typeof SIGNING_SORTS)[number];

export const signingsQuerySchema = organizerFiltersSchema
  .extend({
    at: at.optional(),
    /** Case-insensitive text in title, investor or partner. */
    q: z.string().trim().max(100).optional(),
    sort: z.enum(SIGNING_SORTS).default('signedAt'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(25),
  })
  .strict();

export type SigningsQuery = z.infer<typeof signingsQuerySchema>;

/** `GET /api/v1/organizer/signings`. */
export interface SigningsPage {
  items: Signing[];
  /** Rows matching the filters and search, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  /** The last change the rows include. */
  seq: number;
}

/** Rehearsal mode (`/api/v1/rehearsal`): which data set the server runs. */
export interface RehearsalStatus {
  mode: 'rehearsal' | 'live';
}

/** What an admin types to go live: leaving rehearsal discards nothing but cannot be undone. */
export const GO_LIVE_CONFIRMATION = 'GO LIVE';

export const goLiveSchema = z.object({ confirm: z.literal(GO_LIVE_CONFIRMATION, { message: `type ${GO_LIVE_CONFIRMATION}` }) }).strict();

export const exportQuerySchema = organizerFiltersSchema
  .extend({ at: at.optional(), q: z.string().trim().max(100).optional() })
  .strict();

export function hasFilters(f: OrganizerFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== undefined && f[k] !== '');
}

export function matchesFilters(s: Signing, f: OrganizerFilters, timeZone: string): boolean {
  if (f.venue && s.venueId !== f.venue) return false;
  if (f.area && s.areaId !== f.area) return false;
  if (f.sector && s.sector !== f.sector) return false;
  if (f.country && s.investorCountry !== f.country) return false;
  if (f.day && localTime(s.signedAt, timeZone).day !== f.day) return false;
  return true;
}

export function matchesSearch(s: Signing, q: string | undefined): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase();
  return [s.title, s.investor, s.partner].some((field) => field.toLocaleLowerCase().includes(needle));
}

/** Only the filters that are set, as query parameters: `?venue=v1&day=2024-06-20`. */
export function filtersToParams(f: OrganizerFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = f[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Lenient: a hand-edited URL with one bad value loses that filter, not the page. */
export function filtersFromParams(params: URLSearchParams): OrganizerFilters {
  const filters: OrganizerFilters = {};
  for (const key of FILTER_KEYS) {
    const parsed = organizerFiltersSchema.shape[key].safeParse(params.get(key) ?? undefined);
    if (parsed.success && parsed.data) filters[key] = parsed.data;
  }
  return filters;
}
