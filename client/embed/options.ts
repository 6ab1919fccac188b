import type { Lang } from '../../shared/format.js';
import { langFrom } from '../public/text.js';

export type Theme = 'light' | 'dark';
export type CounterKind = 'amount' | 'contracts' | 'visitors';

export interface EmbedOptions {
  lang: Lang;
  theme: Theme;
  kind: CounterKind;
  /** How many signings the ticker shows. */
  count: number;
}

/** The widget's options from its iframe URL (docs/EMBED.md): `lang`, `theme`, `kind`, `count`. */
export function embedOptions(search: string, browser: string): EmbedOptions {
  const params = new URLSearchParams(search);
  const kind = params.get('kind');
  const count = Number(params.get('count'));
  return {
    lang: langFrom(search, browser),
    theme: params.get('theme') === 'dark' ? 'dark' : 'light',
    kind: kind === 'contracts' || kind === 'visitors' ? kind : 'amount',
    count: Number.isInteger(count) && count >= 1 && count <= 10 ? count : 5,
  };
}
