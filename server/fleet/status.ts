import type { ScreenStatus } from '../../shared/fleet.js';

export interface StatusThresholds {
  /** No heartbeat for this long: stale. */
  silentMs: number;
  /** Behind the live seq for this long: stale (a frame in flight is not "behind"). */
  behindMs: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { silentMs: 15_000, behindMs: 12_000 };

export interface Liveness {
  connected: boolean;
  lastHeardAt: number;
  /** Since when the screen reports a seq below the live one; null when it is level. */
  behindSince: number | null;
  disconnectedAt: number | null;
}

export interface StatusNow {
  status: ScreenStatus;
  reason: 'silent' | 'behind' | null;
  /** When the screen entered this status, in ms. */
  since: number;
}

/** A screen's status at `now`, and since when it has had it, from what it last told us. */
export function screenStatus(s: Liveness & { connectedAt: number }, now: number, t: StatusThresholds): StatusNow {
  if (!s.connected) return { status: 'offline', reason: null, since: s.disconnectedAt ?? s.lastHeardAt };
  if (now - s.lastHeardAt > t.silentMs) return { status: 'stale', reason: 'silent', since: s.lastHeardAt + t.silentMs };
  if (s.behindSince !== null && now - s.behindSince > t.behindMs) return { status: 'stale', reason: 'behind', since: s.behindSince + t.behindMs };
  return { status: 'online', reason: null, since: s.connectedAt };
}
