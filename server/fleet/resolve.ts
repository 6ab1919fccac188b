import { DEFAULT_QUIET_HOUR, type FleetTarget, type ScreenState, type TimedMessage } from '../../shared/fleet.js';
import { activeRange } from '../../shared/fleet-schedule.js';
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

type Of<K extends FleetAssignment['kind']> = Extract<FleetAssignment, { kind: K }>;

/**
 * What one screen shows. Precedence of the profile: a ceremony stage, then the schedule's
 * range covering `now` on the event's clock, then a profile command, then the screen's URL.
 * Profiles, schedules, stages and names come from the most specific level (screen, then
 * venue, then all); banners, spotlights and blanking from the latest command that reaches
 * the screen, so "unblank this one" after "blank all" does what it says.
 */
export function resolveState(
  screen: { id: string; venue: string | null; pinned: boolean; name?: string },
  assignments: readonly FleetAssignment[],
  now: number,
  rehearsal = false,
  timeZone = 'UTC',
): ScreenState {
  const mine = assignments.filter((a) => appliesTo(a.target, screen));
  const ofKind = <K extends FleetAssignment['kind']>(kind: K) => mine.filter((a): a is Of<K> => a.kind === kind);
  const latest = <K extends FleetAssignment['kind']>(kind: K) =>
    ofKind(kind).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
  const specific = <K extends FleetAssignment['kind']>(kind: K) => ofKind(kind).sort((a, b) => SPECIFICITY(b.target) - SPECIFICITY(a.target))[0];
  const profile = specific('profile')?.value ?? null;
  const stage = specific('stage')?.value ?? null;
  const schedule = specific('schedule')?.value ?? null;
  const range = schedule && !stage ? activeRange(schedule, now, timeZone) : null;
  return {
    screenId: screen.id,
    profile: range?.profile ?? profile,
    pinned: screen.pinned,
    announcement: timed(latest('announcement'), now),
    spotlight: timed(latest('spotlight'), now),
    blank: latest('blank')?.value ?? false,
    rehearsal,
    name: specific('name')?.value ?? screen.name ?? screen.id,
    profileSource: stage ? 'stage' : range ? 'schedule' : profile ? 'profile' : null,
    stage,
    // A stage is on show: no screen-saver over it.
    saver: stage ? false : (schedule?.saver ?? null),
    quietHour: schedule?.quietHour ?? DEFAULT_QUIET_HOUR,
  };
}
