/**
 * A forecast of the event's final totals at the current pace (docs/ORGANIZER.md explains
 * the method). Pure: the console recomputes it from the live figures on every change.
 */
import type { EventConfig } from './event-config.js';
import type { Totals } from './summary.js';
import { localHourKey, localTime } from './time.js';

/** A central value and a 90% interval around it. */
export interface Estimate {
  expected: number;
  low: number;
  high: number;
}

export interface Forecast {
  count: Estimate;
  amountCny: Estimate;
  /** `comparable-hours` once an earlier day has the same opening hour; `mean-rate` on day one. */
  method: 'comparable-hours' | 'mean-rate' | 'closed';
  /** Opening hours already over, the sample the pace is read from. */
  observedHours: number;
  /** Opening hours still to come (the current one counted by its unexpired part). */
  remainingHours: number;
}

/** z for a two-sided 90% interval of a normal distribution. */
const Z90 = 1.645;

/** Fewer finished opening hours than this and there is no pace to speak of. */
export const MIN_OBSERVED_HOURS = 2;

type EventHours = Pick<EventConfig, 'dates' | 'openingHours' | 'timeZone'>;

function* eventDays(start: string, end: string): Generator<string> {
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

/** Every opening hour of the event as an event-local hour key, `YYYY-MM-DDTHH`, in order. */
export function openingSlots(event: EventHours): string[] {
  const [openH = 0] = event.openingHours.open.split(':').map(Number);
  const [closeH = 0, closeM = 0] = event.openingHours.close.split(':').map(Number);
  const lastHour = closeM > 0 ? closeH : closeH - 1;
  const slots: string[] = [];
  for (const day of eventDays(event.dates.start, event.dates.end)) {
    for (let h = openH; h <= lastHour; h++) slots.push(`${day}T${String(h).padStart(2, '0')}`);
  }
  return slots;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

interface Slot {
  key: string;
  /** Share of the hour still to come: 1 for a future hour, less for the current one. */
  weight: number;
}

function estimate(current: number, observed: Map<string, number>, remaining: readonly Slot[]): { estimate: Estimate; comparable: boolean } {
  const values = [...observed.values()];
  const overall = mean(values);
  let expectedRest = 0;
  let comparable = false;
  for (const slot of remaining) {
    const hour = slot.key.slice(11);
    const same = [...observed].filter(([key]) => key.slice(11) === hour && key.slice(0, 10) < slot.key.slice(0, 10));
    if (same.length > 0) comparable = true;
    expectedRest += slot.weight * (same.length > 0 ? mean(same.map(([, v]) => v)) : overall);
  }
  // Hour totals vary around their rate (W·s²) and the rate itself is estimated from n hours (W²·s²/n).
  const w = remaining.reduce((a, s) => a + s.weight, 0);
  const s2 = variance(values);
  const spread = Z90 * Math.sqrt(w * s2 + (w * w * s2) / values.length);
  const expected = current + expectedRest;
  return { estimate: { expected, low: Math.max(current, expected - spread), high: expected + spread }, comparable };
}

/**
 * The final totals if the rest of the event goes as its opening hours so far went. Null
 * before there is a pace to read (fewer than MIN_OBSERVED_HOURS finished opening hours).
 */
export function forecastTotals(byHour: Readonly<Record<string, Totals>>, current: Totals, event: EventHours, now: Date): Forecast | null {
  const slots = openingSlots(event);
  const nowKey = localHourKey(now, event.timeZone);
  const elapsed = slots.filter((k) => k < nowKey);
  if (elapsed.length < MIN_OBSERVED_HOURS) return null;
  const minuteShare = localTime(now, event.timeZone).minute / 60;
  const remaining: Slot[] = slots.filter((k) => k >= nowKey).map((key) => ({ key, weight: key === nowKey ? 1 - minuteShare : 1 }));
  const series = (pick: (t: Totals) => number) => new Map(elapsed.map((k) => [k, byHour[k] ? pick(byHour[k]) : 0]));
  const count = estimate(current.count, series((t) => t.count), remaining);
  const amount = estimate(current.amountCny, series((t) => t.amountCny), remaining);
  const remainingHours = remaining.reduce((a, s) => a + s.weight, 0);
  return {
    count: count.estimate,
    amountCny: amount.estimate,
    method: remainingHours === 0 ? 'closed' : count.comparable ? 'comparable-hours' : 'mean-rate',
    observedHours: elapsed.length,
    remainingHours,
  };
}
