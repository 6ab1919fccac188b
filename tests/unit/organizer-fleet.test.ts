import { describe, expect, it } from 'vitest';
import { displaySearchFor } from '../../shared/fleet.js';
import { resolveState } from '../../server/fleet/resolve.js';
import { screenStatus } from '../../server/fleet/status.js';
import type { FleetAssignment } from '../../server/store/types.js';

const profile = (venue: string | null) => ({ venue, lang: 'zh' as const, scenes: [{ name: 'headline' as const, seconds: 20 }], theme: 'dark' as const });
const T = (s: number) => new Date(Date.UTC(2024, 5, 20, 0, 0, s)).toISOString();

describe('fleet state resolution', () => {
  const screen = { id: 's1', venue: 'v1', pinned: false };
  const now = Date.parse(T(30));

  it('takes the most specific profile', () => {
    const a: FleetAssignment[] = [
      { target: 'screen:s1', kind: 'profile', value: profile('v9'), updatedAt: T(1) },
      { target: 'all', kind: 'profile', value: profile(null), updatedAt: T(2) },
      { target: 'venue:v1', kind: 'profile', value: profile('v1'), updatedAt: T(3) },
    ];
    expect(resolveState(screen, a, now).profile?.venue).toBe('v9');
    expect(resolveState({ ...screen, id: 's2' }, a, now).profile?.venue).toBe('v1');
    expect(resolveState({ ...screen, id: 's3', venue: 'v5' }, a, now).profile?.venue).toBeNull();
  });

  it('lets the latest blank or message win and drops expired ones', () => {
    const a: FleetAssignment[] = [
      { target: 'all', kind: 'blank', value: true, updatedAt: T(1) },
      { target: 'screen:s1', kind: 'blank', value: false, updatedAt: T(2) },
      { target: 'venue:v1', kind: 'announcement', value: { text: 'old', until: T(20) }, updatedAt: T(3) },
      { target: 'all', kind: 'spotlight', value: { text: 'now', until: T(40) }, updatedAt: T(4) },
    ];
    const s = resolveState(screen, a, now);
    expect(s.blank).toBe(false);
    expect(resolveState({ ...screen, id: 'other' }, a, now).blank).toBe(true);
    expect(s.announcement).toBeNull();
    expect(s.spotlight).toEqual({ text: 'now', until: T(40), remainingMs: 10_000 });
  });
});

describe('fleet status', () => {
  const t = { silentMs: 1000, behindMs: 1000 };
  const base = { connected: true, connectedAt: 0, lastHeardAt: 5000, behindSince: null, disconnectedAt: null };
  it('is online, stale when silent or behind, offline when gone', () => {
    expect(screenStatus(base, 5500, t)).toEqual({ status: 'online', reason: null, since: 0 });
    expect(screenStatus(base, 6500, t)).toEqual({ status: 'stale', reason: 'silent', since: 6000 });
    expect(screenStatus({ ...base, behindSince: 4000 }, 5500, t)).toEqual({ status: 'stale', reason: 'behind', since: 5000 });
    expect(screenStatus({ ...base, behindSince: 5000 }, 5500, t).status).toBe('online');
    expect(screenStatus({ ...base, connected: false, disconnectedAt: 5200 }, 9000, t)).toEqual({ status: 'offline', reason: null, since: 5200 });
  });
});

describe('display URL for a profile', () => {
  it('replaces profile options and keeps the rest unless pinned', () => {
    expect(displaySearchFor('?screen=a&lang=en&saver=1', profile('v1'), false)).toBe('?screen=a&saver=1&venue=v1&lang=zh&scenes=headline%3A20&theme=dark');
    expect(displaySearchFor('?screen=a&saver=1', profile(null), true)).toBe('?lang=zh&scenes=headline%3A20&theme=dark');
  });
  it('is null when the URL is right already or there is no profile', () => {
    expect(displaySearchFor('?theme=dark&lang=zh&scenes=headline:20', profile(null), true)).toBeNull();
    expect(displaySearchFor('?venue=v2', null, false)).toBeNull();
    expect(displaySearchFor('', null, true)).toBeNull();
  });
  it('runs a pinned screen without a profile on the defaults, whatever its URL says', () => {
    expect(displaySearchFor('?venue=v2&theme=light', null, true)).toBe('');
  });
});
