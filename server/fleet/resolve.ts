import type { FleetTarget, ScreenState, TimedMessage } from '../../shared/fleet.js';
import type { FleetAssignment } from '../store/types.js';

export function targetKey(target: FleetTarget): string {
  return target.type === 'all' ? 'all' : `${target.type}:${target.id}`;
}

export function appliesTo(targetKeyValue: string, screen: { id: string; venue: string | null }): boolean {
  return targetKeyValue === 'all' || targetKeyValue === `screen:${screen.id}` || (screen.venue !== null && targetKeyValue === `venue:${screen.venue}`);
}

const SPECIFICITY = (key: string) => (key.startsWith('screen:') ? 2 : key.startsWith('venue:') ? 1 : 0);

function timed(a: { value: { text: string; until: string } } | undefined, now: number): TimedMessage | null {
  if (!a) return null;
  const remainingMs = Date.parse(a.value.until) - now;
  return remainingMs > 0 ? { ...a.value, remainingMs } : null;
}

/**
 * What one screen shows. The profile comes from the most specific level (screen, then
 * venue, then all); banners, spotlights and blanking from the latest command that
 * reaches the screen, so "unblank this one" after "blank all" does what it says.
 */
export function resolveState(
  screen: { id: string; venue: string | null; pinned: boolean },
  assignments: readonly FleetAssignment[],
  now: number,
  rehearsal = false,
): ScreenState {
  const mine = assignments.filter((a) => appliesTo(a.target, screen));
  const latest = <K extends FleetAssignment['kind']>(kind: K) =>
    mine
      .filter((a): a is Extract<FleetAssignment, { kind: K }> => a.kind === kind)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
  const profile = mine
    .filter((a): a is Extract<FleetAssignment, { kind: 'profile' }> => a.kind === 'profile')
    .sort((a, b) => SPECIFICITY(b.target) - SPECIFICITY(a.target))[0];
  return {
    screenId: screen.id,
    profile: profile?.value ?? null,
    pinned: screen.pinned,
    announcement: timed(latest('announcement'), now),
    spotlight: timed(latest('spotlight'), now),
    blank: latest('blank')?.value ?? false,
    rehearsal,
  };
}
