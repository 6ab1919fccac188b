import { z } from 'zod';
import { isCountryCode } from './countries.js';
import { toCny } from './currency.js';
import { acceptedCurrencies, type EventConfig } from './event-config.js';
import { withCode, type FieldCode } from './field-issues.js';
import type { Hold } from './signing-limits.js';

/** The largest single signing accepted, in yuan (1 万亿): keeps totals exact in a double. */
export const MAX_SIGNING_CNY = 1e12;

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/**
 * What a client sends to create a signing. Built from the event so that the browser and
 * the server reject the same venue, area, sector and currency.
 */
export function signingInputSchema(event: EventConfig) {
  const venueIds = event.venues.map((v) => v.id);
  const areaIds = event.areas.map((a) => a.id);
  const sectorIds = event.sectors.map((s) => s.id);
  const currencies = acceptedCurrencies(event);
  const oneOf = (ids: string[], what: string, code: FieldCode) =>
    z.string().refine((v) => ids.includes(v), { message: `unknown ${what}`, ...withCode(code) });

  return z
    .object({
      title: text(200),
      investor: text(200),
      investorCountry: z
        .string()
        .refine(isCountryCode, { message: 'ISO 3166-1 alpha-2 code, such as CN or DE', ...withCode('country') }),
      partner: text(200),
      amount: z.number().positive('must be greater than 0').finite(),
      currency: z
        .string()
        .refine((c) => currencies.includes(c), { message: `one of ${currencies.join(', ')}`, ...withCode('one_of', { values: currencies.join(', ') }) }),
      sector: oneOf(sectorIds, 'sector', 'unknown_sector'),
      venueId: oneOf(venueIds, 'venue', 'unknown_venue'),
      areaId: oneOf(areaIds, 'exhibition area', 'unknown_area'),
      signedAt: z.iso
        .datetime({ offset: true, message: 'ISO 8601 date and time with offset' })
        .refine((s) => {
          const year = new Date(s).getUTCFullYear();
          return year >= 2000 && year <= 2100;
        }, { message: 'must lie between 2000 and 2100', ...withCode('year_range') })
        .optional(),
    })
    .strict()
    .superRefine((input, ctx) => {
      const conversion = toCny(input.amount, input.currency, event);
      // The limit is on the unrounded product, so that half a yuan over it is still over.
      if (conversion && input.amount * conversion.rate > MAX_SIGNING_CNY) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'more than 1 万亿元 (1 trillion yuan)', ...withCode('amount_over_limit') });
      }
      if (conversion && conversion.amountCny < 1) {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'less than one yuan', ...withCode('amount_under_one_yuan') });
      }
      const areaVenue = event.areas.find((a) => a.id === input.areaId)?.venueId;
      if (areaVenue !== undefined && venueIds.includes(input.venueId) && areaVenue !== input.venueId) {
        ctx.addIssue({
          code: 'custom',
          path: ['areaId'],
          message: `the exhibition area is in venue "${areaVenue}", not "${input.venueId}"`,
          ...withCode('area_in_other_venue', { areaVenue, venue: input.venueId }),
        });
      }
    });
}

export type SigningInput = z.infer<ReturnType<typeof signingInputSchema>>;

/**
 * `published` is the only status that counts and reaches the screens. `draft` waits for a
 * second person when the event requires verification; `held` waits for review because its
 * amount is outside the event's limits (`hold` says why).
 */
export type SigningStatus = 'draft' | 'held' | 'published' | 'voided';

/** A stored signing as the API and the screens see it (its latest version). */
export interface Signing extends Required<Omit<SigningInput, 'signedAt'>> {
  id: string;
  signedAt: string;
  /** Whole yuan at the rate stored with it. */
  amountCny: number;
  rate: number;
  status: SigningStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** Why the signing is held; set while `status` is `held`. */
  hold?: Hold;
}

/** A signing as anyone may see it: no staff names, no review notes. */
export type PublicSigning = Omit<Signing, 'createdBy' | 'hold'>;

/** The public view of a signing, for anonymous answers, snapshots and `/live`. */
export function publicSigning(signing: Signing): PublicSigning {
  const { createdBy: _createdBy, hold: _hold, ...rest } = signing;
  return rest;
}
