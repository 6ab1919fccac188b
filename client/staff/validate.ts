import { parseAmount, type Bilingual } from '../../shared/amount.js';
import type { EventConfig } from '../../shared/event-config.js';
import { signingInputSchema, type SigningInput } from '../../shared/signing.js';
import { isoFromWallClock } from '../../shared/time.js';
import { issueTexts } from '../lib/i18n/errors.js';
import { bi } from '../lib/i18n/index.js';

/** What the form holds: text as typed, before parsing. */
export interface FormFields {
  title: string;
  investor: string;
  investorCountry: string;
  partner: string;
  amountText: string;
  currency: string;
  sector: string;
  venueId: string;
  areaId: string;
  signedAtLocal: string;
}

export type Validation = { ok: true; input: SigningInput } | { ok: false; errors: Record<string, Bilingual> };

/**
 * The browser's check with the server's own schema; the amount goes through the same
 * parser as CSV import. Errors come back keyed by field, in both languages.
 */
export function validateForm(f: FormFields, event: EventConfig, schema = signingInputSchema(event)): Validation {
  const amount = parseAmount(f.amountText);
  const signedAt = f.signedAtLocal ? isoFromWallClock(f.signedAtLocal, event.timeZone) : undefined;
  const candidate = {
    title: f.title,
    investor: f.investor,
    investorCountry: f.investorCountry,
    partner: f.partner,
    // A placeholder keeps the schema's other amount checks quiet while the text is unparsable.
    amount: amount.ok ? amount.value : 1,
    currency: amount.ok && amount.currency ? amount.currency : f.currency,
    sector: f.sector,
    venueId: f.venueId,
    areaId: f.areaId,
    ...(signedAt ? { signedAt } : {}),
  };
  const result = schema.safeParse(candidate);
  const errors = result.success ? {} : issueTexts(result.error.issues);
  if (!amount.ok) errors.amount = amount.error;
  if (f.signedAtLocal && !signedAt) errors.signedAt = bi('staff.enterDateTime');
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, input: result.data };
}
