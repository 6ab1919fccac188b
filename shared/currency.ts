import type { EventConfig } from './event-config.js';

export interface Conversion {
  /** Whole yuan. */
  amountCny: number;
  /** Yuan per unit of the source currency, as configured. */
  rate: number;
}

/** Converts an amount to whole yuan with the event's rate table; undefined for a currency it does not list. */
export function toCny(amount: number, currency: string, event: Pick<EventConfig, 'exchangeRates'>): Conversion | undefined {
  const rate = currency === 'CNY' ? 1 : event.exchangeRates[currency];
  if (rate === undefined) return undefined;
  return { amountCny: Math.round(amount * rate), rate };
}
