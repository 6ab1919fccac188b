/** Pure rules of a screen that looks after itself: the nightly reload and the memory guard. */
import { instantOfWallClock, localTime } from '../../shared/time.js';

/** Screens spread their nightly reload over this window after the quiet hour. */
export const STAGGER_WINDOW_MS = 20 * 60_000;
/** Default heap bound of the memory guard (Chromium's used JS heap). */
export const DEFAULT_HEAP_LIMIT_MB = 400;
/** A page younger than this never reloads for memory: a heap that is large from the start would loop. */
export const MEMORY_GRACE_MS = 10 * 60_000;

/** A fixed offset in [0, window) from the screen's id, so that a venue's screens do not reconnect at once. */
export function staggerMs(screenId: string, windowMs = STAGGER_WINDOW_MS): number {
  let hash = 2166136261;
  for (let i = 0; i < screenId.length; i++) hash = Math.imul(hash ^ screenId.charCodeAt(i), 16777619) >>> 0;
  return hash % windowMs;
}

/** The first quiet-hour reload after `after`: `quietHour` (HH:MM) on the event's clock plus the screen's stagger. */
export function nextQuietReload(after: number, timeZone: string, quietHour: string, stagger: number): number {
  let day = localTime(after, timeZone).day;
  for (let i = 0; i < 3; i++) {
    const at = (instantOfWallClock(`${day}T${quietHour}`, timeZone) ?? after) + stagger;
    if (at > after) return at;
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    day = d.toISOString().slice(0, 10);
  }
  return after + 86_400_000;
}

export type ReloadReason = 'quiet-hour' | 'memory';

export interface CareInput {
  now: number;
  startedAt: number;
  /** When the quiet-hour reload is due. */
  quietAt: number;
  heapBytes: number | null;
  heapLimitBytes: number;
  /** A takeover card (or anything else that must not be cut) is on screen. */
  busy: boolean;
}

/** Whether the screen should reload now, and why; null to carry on. */
export function reloadDue(c: CareInput): ReloadReason | null {
  if (c.busy) return null;
  if (c.now >= c.quietAt) return 'quiet-hour';
  if (c.heapBytes !== null && c.heapBytes > c.heapLimitBytes && c.now - c.startedAt >= MEMORY_GRACE_MS) return 'memory';
  return null;
}
