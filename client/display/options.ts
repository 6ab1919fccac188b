/** The `/display` URL options, parsed once at start. Bad values fall back to defaults, never to a blank screen. */

export type SceneName = 'headline' | 'signings' | 'charts' | 'venue';
export type DisplayLang = 'zh' | 'en' | 'zh-en';
export type Theme = 'dark' | 'light';

export interface SceneSpec {
  name: SceneName;
  seconds: number;
}

export interface DisplayOptions {
  /** One venue's numbers, or null for the whole expo. */
  venue: string | null;
  lang: DisplayLang;
  scenes: SceneSpec[];
  theme: Theme;
  /** Seconds without hearing the server before the reconnecting badge shows. */
  staleAfter: number;
  /** Seconds without hearing the server before the numbers are greyed. */
  greyAfter: number;
  /** Seconds a signing's takeover card stays. */
  card: number;
  /** Seconds between language flips in `zh-en`. */
  alternate: number;
  /** Minutes between burn-in pixel shifts. */
  shift: number;
  /** Dimmed screen-saver outside opening hours. */
  saver: boolean;
  /** An archived edition's id: its line beside the live one on the cumulative chart. */
  compare: string | null;
}

const SCENE_NAMES: readonly SceneName[] = ['headline', 'signings', 'charts', 'venue'];

export const DEFAULT_SCENES: SceneSpec[] = [
  { name: 'headline', seconds: 20 },
  { name: 'signings', seconds: 15 },
  { name: 'charts', seconds: 20 },
];

export const DEFAULT_OPTIONS: DisplayOptions = {
  venue: null,
  lang: 'zh-en',
  scenes: DEFAULT_SCENES,
  theme: 'dark',
  staleAfter: 15,
  greyAfter: 60,
  card: 6,
  alternate: 10,
  shift: 3,
  saver: false,
  compare: null,
};

/** An edition id as archives are named (`wie-2024-tianjin`). */
const EDITION_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

function number(raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** `headline:20,signings:15`: unknown names are skipped; a missing or bad duration means 15 s. */
export function parseScenes(raw: string | null): SceneSpec[] {
  if (!raw) return DEFAULT_SCENES;
  const scenes: SceneSpec[] = [];
  for (const part of raw.split(',')) {
    const [name = '', seconds = null] = part.trim().split(':');
    if (!SCENE_NAMES.includes(name as SceneName)) continue;
    scenes.push({ name: name as SceneName, seconds: number(seconds, 15, 3, 3600) });
  }
  return scenes.length > 0 ? scenes : DEFAULT_SCENES;
}

export function parseOptions(search: string, venueIds: readonly string[] = []): DisplayOptions {
  const q = new URLSearchParams(search);
  const d = DEFAULT_OPTIONS;
  const lang = q.get('lang');
  const venue = q.get('venue');
  const staleAfter = number(q.get('staleAfter'), d.staleAfter, 1, 3600);
  return {
    venue: venue && (venueIds.length === 0 || venueIds.includes(venue)) ? venue : null,
    lang: lang === 'zh' || lang === 'en' || lang === 'zh-en' ? lang : d.lang,
    scenes: parseScenes(q.get('scenes')),
    theme: q.get('theme') === 'light' ? 'light' : 'dark',
    staleAfter,
    greyAfter: Math.max(staleAfter, number(q.get('greyAfter'), d.greyAfter, 1, 3600)),
    card: number(q.get('card'), d.card, 1, 60),
    alternate: number(q.get('alternate'), d.alternate, 2, 600),
    shift: number(q.get('shift'), d.shift, 0.1, 60),
    saver: q.get('saver') === '1' || q.get('saver') === 'true',
    compare: EDITION_ID.test(q.get('compare') ?? '') ? q.get('compare') : null,
  };
}
