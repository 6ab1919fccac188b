import { SCENE_NAMES, type FleetCommand, type Profile, type ScreenInfo } from '../../shared/fleet.js';

/** `headline:20,signings:15` → scenes; null when nothing valid is left. */
export function parseSceneList(text: string): Profile['scenes'] | null {
  const scenes: Profile['scenes'] = [];
  for (const part of text.split(',')) {
    const [name = '', seconds = '15'] = part.trim().split(':');
    const n = Math.round(Number(seconds));
    if ((SCENE_NAMES as readonly string[]).includes(name) && n >= 3 && n <= 3600) {
      scenes.push({ name: name as Profile['scenes'][number]['name'], seconds: n });
    }
  }
  return scenes.length > 0 ? scenes.slice(0, 8) : null;
}

/** "3 min", "2 h 5 min": how long a screen has been in its status. */
export function durationLabel(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export interface CommandForm {
  kind: FleetCommand['kind'];
  text: string;
  seconds: number;
  venue: string;
  lang: Profile['lang'];
  scenes: string;
  theme: Profile['theme'];
  /** An archived edition's id for the cumulative chart's second line, '' for none. */
  compare: string;
  clearProfile: boolean;
}

export function commandFrom(form: CommandForm): FleetCommand | null {
  switch (form.kind) {
    case 'announce':
    case 'spotlight':
      return form.text.trim() ? { kind: form.kind, text: form.text.trim(), seconds: form.seconds } : null;
    case 'profile': {
      if (form.clearProfile) return { kind: 'profile', profile: null };
      const scenes = parseSceneList(form.scenes);
      if (!scenes) return null;
      const profile: Profile = { venue: form.venue || null, lang: form.lang, scenes, theme: form.theme };
      return { kind: 'profile', profile: form.compare ? { ...profile, compare: form.compare } : profile };
    }
    case 'blank':
      return { kind: 'blank', on: true };
    case 'clear':
      return { kind: 'clear' };
    case 'reload':
      return { kind: 'reload' };
    case 'identify':
      return { kind: 'identify' };
    // Per screen, from its row on the fleet page.
    case 'rename':
    case 'forget':
      return null;
  }
}

export interface ScreenFilter {
  venue: string;
  status: '' | ScreenInfo['status'] | 'pending';
  /** What decides the profile: '' any, 'url' none. */
  source: '' | 'url' | NonNullable<ScreenInfo['state']['profileSource']>;
  sort: 'name' | 'venue' | 'status' | 'lastSeen';
}

const STATUS_ORDER = { offline: 0, stale: 1, online: 2 } as const;

/** The fleet list as the page shows it: filtered by venue, status (or waiting to pair) and profile source, then sorted. */
export function visibleScreens(screens: readonly ScreenInfo[], f: ScreenFilter): ScreenInfo[] {
  return screens
    .filter((s) => !f.venue || s.venue === f.venue)
    .filter((s) => !f.status || (f.status === 'pending' ? s.pairingCode !== null : s.status === f.status))
    .filter((s) => !f.source || (s.state.profileSource ?? 'url') === f.source)
    .sort((a, b) => {
      switch (f.sort) {
        case 'venue':
          return (a.venue ?? '').localeCompare(b.venue ?? '') || a.name.localeCompare(b.name);
        case 'status':
          return STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name);
        case 'lastSeen':
          return a.lastHeardAt < b.lastHeardAt ? -1 : a.lastHeardAt > b.lastHeardAt ? 1 : 0;
        default:
          return a.name.localeCompare(b.name);
      }
    });
}
