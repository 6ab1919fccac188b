/** How far ahead of the server clock a device's time may be; beyond it the item is rejected. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How late a report may arrive: older items are rejected rather than rewriting past days. */
export const MAX_AGE_MS = 7 * 24 * 3600_000;

/** Why `atMs` cannot be accepted at `nowMs`, or undefined when it can. */
export function clockProblem(atMs: number, nowMs: number): string | undefined {
  if (atMs > nowMs + FUTURE_TOLERANCE_MS) {
    return `${Math.round((atMs - nowMs) / 1000)} s ahead of the server clock (tolerance ${FUTURE_TOLERANCE_MS / 1000} s); check the device clock`;
  }
  if (atMs < nowMs - MAX_AGE_MS) return `older than ${MAX_AGE_MS / 86_400_000} days`;
  return undefined;
}
