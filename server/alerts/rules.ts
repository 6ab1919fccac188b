/**
 * When each kind of alert should be open, as pure functions of the facts an instance holds.
 * `undefined` means "no opinion": the alert stays as it is (another instance may know more).
 */
import type { AlertKind, AlertThresholds } from '../../shared/alerts.js';
import type { VenueAttendance } from '../../shared/attendance.js';
import type { EventConfig, LocalizedName } from '../../shared/event-config.js';
import type { ScreenInfo } from '../../shared/fleet.js';
import type { Signing } from '../../shared/signing.js';
import { hoursOn } from '../../shared/event-hours.js';
import { instantOfWallClock, localTime } from '../../shared/time.js';

/** What one evaluation wants: alert `kind` on `subject` open (with this message) or closed. */
export interface Verdict {
  kind: AlertKind;
  subject: string;
  open: boolean;
  message: LocalizedName;
}

const pct = (ratio: number) => Math.round(ratio * 100);

/**
 * Near capacity opens at `nearCapacityRatio` and closes under `nearCapacityClearRatio`
 * (between the two it stays as it is); over capacity opens at `overCapacityRatio` and closes
 * under it.
 */
export function capacityVerdicts(event: EventConfig, byVenue: Record<string, VenueAttendance>, t: AlertThresholds): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const venue of event.venues) {
    const figures = byVenue[venue.id];
    if (!figures || venue.capacity <= 0) continue;
    const ratio = figures.onSiteNow / venue.capacity;
    const message = {
      zh: `${venue.name.zh}在场 ${figures.onSiteNow} 人，为容量 ${venue.capacity} 人的 ${pct(ratio)}%`,
      en: `${venue.name.en}: ${figures.onSiteNow} on site, ${pct(ratio)}% of its capacity of ${venue.capacity}`,
    };
    if (ratio >= t.nearCapacityRatio) verdicts.push({ kind: 'venue.near-capacity', subject: venue.id, open: true, message });
    else if (ratio < t.nearCapacityClearRatio) verdicts.push({ kind: 'venue.near-capacity', subject: venue.id, open: false, message });
    verdicts.push({ kind: 'venue.over-capacity', subject: venue.id, open: ratio >= t.overCapacityRatio, message });
  }
  return verdicts;
}

/**
 * Pinned screens (display tokens) unseen for `screenOfflineSeconds`. `screens` is every
 * instance's list: a screen that moved to another instance is seen there.
 */
export function screenVerdicts(screens: ScreenInfo[], nowMs: number, t: AlertThresholds): Verdict[] {
  return latestScreens(screens.filter((s) => s.pinned)).map((s) => {
    const unseenMs = nowMs - Date.parse(s.lastHeardAt);
    const where = s.venue ? ` (${s.venue})` : '';
    return {
      kind: 'screen.offline',
      subject: s.id,
      open: s.status !== 'online' && unseenMs >= t.screenOfflineSeconds * 1000,
      message: {
        zh: `屏幕「${s.name}」${where}已 ${Math.round(unseenMs / 1000)} 秒未连线`,
        en: `Screen "${s.name}"${where} unseen for ${Math.round(unseenMs / 1000)} s`,
      },
    };
  });
}

/** One entry per screen: with several instances a screen that moved is listed by each; where it is online wins, then the latest news. */
export function latestScreens(screens: ScreenInfo[]): ScreenInfo[] {
  const latest = new Map<string, ScreenInfo>();
  for (const s of screens) {
    const known = latest.get(s.id);
    const online = s.status === 'online';
    const better =
      !known ||
      (online && known.status !== 'online') ||
      (online === (known.status === 'online') && Date.parse(s.lastHeardAt) > Date.parse(known.lastHeardAt));
    if (better) latest.set(s.id, s);
  }
  return [...latest.values()];
}

/**
 * The event-local opening of `nowMs`'s day when the venue is open now, by that day's hours and
 * the venue's own on that day (`hoursOn`); undefined outside the event's days or those hours.
 */
export function openSince(event: EventConfig, nowMs: number, venueId?: string): number | undefined {
  const { day } = localTime(nowMs, event.timeZone);
  if (day < event.dates.start || day > event.dates.end) return undefined;
  const hours = hoursOn(event, day, venueId);
  const open = instantOfWallClock(`${day}T${hours.open}`, event.timeZone);
  const close = instantOfWallClock(`${day}T${hours.close}`, event.timeZone);
  if (open === undefined || close === undefined || nowMs < open || nowMs >= close) return undefined;
  return open;
}

/**
 * A gate is silent when, during its venue's opening hours that day, nothing came from it for `gateSilentMinutes`,
 * counting from the later of its last report, the day's opening and `watchingSince` (this
 * instance's start: before it, nothing is known). A report closes the alert at any hour.
 */
export function gateVerdicts(
  event: EventConfig,
  lastReports: Record<string, string>,
  nowMs: number,
  watchingSince: number,
  t: AlertThresholds,
): Verdict[] {
  const limitMs = t.gateSilentMinutes * 60_000;
  const verdicts: Verdict[] = [];
  for (const venue of event.venues) {
    const opened = openSince(event, nowMs, venue.id);
    for (const gate of venue.gates) {
      const last = lastReports[gate.id];
      const lastMs = last ? Date.parse(last) : undefined;
      const message = {
        zh: `${venue.name.zh}${gate.name.zh} ${t.gateSilentMinutes} 分钟以上无上报`,
        en: `${gate.name.en} (${venue.name.en}) has not reported for ${t.gateSilentMinutes} minutes or more`,
      };
      if (lastMs !== undefined && nowMs - lastMs < limitMs) {
        verdicts.push({ kind: 'gate.silent', subject: gate.id, open: false, message });
      } else if (opened !== undefined && nowMs - Math.max(lastMs ?? 0, opened, watchingSince) >= limitMs) {
        verdicts.push({ kind: 'gate.silent', subject: gate.id, open: true, message });
      }
    }
  }
  return verdicts;
}

/** A signing is held from the moment it is stored or edited into `held` until it is released or voided. */
export function heldVerdict(signing: Signing): Verdict {
  const why = signing.hold?.reason;
  return {
    kind: 'signing.held',
    subject: signing.id,
    open: signing.status === 'held',
    message: {
      zh: `签约「${signing.title}」待复核${why ? `：${why.zh}` : ''}`,
      en: `Signing "${signing.title}" is held for review${why ? `: ${why.en}` : ''}`,
    },
  };
}

export function storeVerdict(instance: string, failing: boolean): Verdict {
  return {
    kind: 'store.unavailable',
    subject: instance,
    open: failing,
    message: { zh: `实例 ${instance}：数据库无法写入`, en: `Instance ${instance}: the database does not take writes` },
  };
}

export function redisVerdict(instance: string, down: boolean): Verdict {
  return {
    kind: 'cluster.redis-down',
    subject: instance,
    open: down,
    message: { zh: `实例 ${instance}：与 Redis 断开`, en: `Instance ${instance} lost its Redis connection` },
  };
}
