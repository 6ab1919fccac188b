import { z } from 'zod';
import { cached } from './cached.js';

/** ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the viewer's language. */
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

export const COUNTRY_CODES: readonly string[] = CODES.split(' ');

const codeSet = new Set(COUNTRY_CODES);

export function isCountryCode(code: string): boolean {
  return codeSet.has(code);
}

/**
 * How Hong Kong, Macao and Taiwan are named and flagged, per event (`regionNaming` in the event
 * file). `names: china` (the default) writes 中国香港, 中国澳门, 中国台湾 / "Hong Kong, China" …,
 * as a government-hosted expo in mainland China must; `iso` keeps the plain names. `flags:
 * china` (the default) shows 🇨🇳 for them, `own` their own flags, `none` no flag.
 */
export const regionNamingSchema = z
  .object({
    names: z.enum(['china', 'iso']).default('china'),
    flags: z.enum(['china', 'own', 'none']).default('china'),
  })
  .strict();

export type RegionNaming = z.infer<typeof regionNamingSchema>;

export const DEFAULT_REGION_NAMING: RegionNaming = { names: 'china', flags: 'china' };

/** The regions the naming rule covers, with their names under `names: china`. */
const CHINA_REGIONS: Record<string, { zh: string; en: string }> = {
  HK: { zh: '中国香港', en: 'Hong Kong, China' },
  MO: { zh: '中国澳门', en: 'Macao, China' },
  TW: { zh: '中国台湾', en: 'Taiwan, China' },
};

export const isChinaRegion = (code: string): boolean => code in CHINA_REGIONS;

const indicators = (code: string) => String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));

/** The flag emoji for a country code (two regional indicator symbols), under the event's rule. */
export function flagOf(code: string, naming: RegionNaming = DEFAULT_REGION_NAMING): string {
  if (!isCountryCode(code)) return '';
  if (!isChinaRegion(code) || naming.flags === 'own') return indicators(code);
  return naming.flags === 'china' ? indicators('CN') : '';
}

const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, lang: string, naming: RegionNaming = DEFAULT_REGION_NAMING): string {
  const region = CHINA_REGIONS[code];
  if (region && naming.names === 'china') return lang.startsWith('zh') ? region.zh : region.en;
  return cached(displayNames, lang, () => new Intl.DisplayNames([lang], { type: 'region' })).of(code) ?? code;
}
