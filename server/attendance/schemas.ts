import { z } from 'zod';

/** Items one request may carry; larger batches are refused whole with 400. */
export const MAX_BATCH_ITEMS = 5000;
/** Body limit of the attendance routes: 5,000 scans with long badge ids fit with room to spare. */
export const ATTENDANCE_BODY_LIMIT = '4mb';
/** The longest interval one count report may cover. */
export const MAX_INTERVAL_MS = 3600_000;

const id = z.string().min(1, 'required').max(40);
const time = z.iso.datetime({ offset: true, message: 'ISO 8601 time with zone, e.g. 2024-06-20T09:15:00+08:00' });
const count = z.number().int('whole number').min(0).max(1_000_000);

const intervalSchema = z
  .object({
    gateId: id,
    batchId: z.string().min(1, 'required').max(100),
    from: time,
    to: time,
    entries: count,
    exits: count,
  })
  .strict()
  .superRefine((c, ctx) => {
    const span = Date.parse(c.to) - Date.parse(c.from);
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
    if (span > MAX_INTERVAL_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'interval longer than one hour' });
  });

const counterSchema = z
  .object({
    gateId: id,
    batchId: z.string().min(1, 'required').max(100),
    at: time,
    entriesTotal: z.number().int('whole number').min(0).max(Number.MAX_SAFE_INTEGER),
    exitsTotal: z.number().int('whole number').min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export const scanSchema = z
  .object({
    badgeId: z.string().min(1, 'required').max(200),
    gateId: id,
    at: time,
    direction: z.enum(['in', 'out']),
  })
  .strict();

export type IntervalReport = z.infer<typeof intervalSchema>;
export type CounterReport = z.infer<typeof counterSchema>;
export type CountReport = IntervalReport | CounterReport;
export type ScanReport = z.infer<typeof scanSchema>;

export function isCounter(report: CountReport): report is CounterReport {
  return 'entriesTotal' in report;
}

/** The counter form is recognised by its totals; anything else is read as an interval. */
export function countSchemaFor(item: unknown): z.ZodType<CountReport> {
  const looksLikeCounter = typeof item === 'object' && item !== null && ('entriesTotal' in item || 'exitsTotal' in item || 'at' in item);
  return looksLikeCounter ? counterSchema : intervalSchema;
}

/** An event-local hour as the figures key it, `YYYY-MM-DDTHH`, on a real calendar day. */
export const hourKeySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3])$/, 'event-local hour YYYY-MM-DDTHH, e.g. 2024-06-20T10')
  .refine((hour) => z.iso.date().safeParse(hour.slice(0, 10)).success, 'not a calendar day');

/** `PUT /attendance/gates/:gateId/hours/:hour`: the hour's true figures and why they change. */
export const gateHourCorrectionSchema = z
  .object({
    entries: count,
    exits: count,
    reason: z.string().trim().min(1, 'required').max(500, 'at most 500 characters'),
  })
  .strict();
