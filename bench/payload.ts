/**
 * Signing bodies that carry their own send time and a phase tag in the title, so that a
 * screen can measure POST-sent to screen-received without a side channel and count only the
 * signings of the phase being measured.
 */
import type { SigningInput } from '../shared/signing.js';

const PREFIX = 'Bench';

/** A valid signing of 50 亿 yuan in venue v1; the tests post it too. */
export const SAMPLE_SIGNING: Readonly<SigningInput> = {
  title: 'Intelligent vehicle test ground',
  investor: 'Example Mobility GmbH',
  investorCountry: 'DE',
  partner: 'Tianjin Binhai District',
  amount: 5_000_000_000,
  currency: 'CNY',
  sector: 'icv',
  venueId: 'v1',
  areaId: 'icv',
};

export function signingBody(tag: string, sentAt: number): string {
  return JSON.stringify({ ...SAMPLE_SIGNING, title: `${PREFIX} ${tag} ${sentAt.toFixed(3)}` });
}

/**
 * The send time of a signing of phase `tag`, or undefined for any other title. Screens run
 * this for every signing they receive, so it compares a prefix instead of splitting the title.
 */
export function sentAtReader(tag: string): (title: unknown) => number | undefined {
  const prefix = `${PREFIX} ${tag} `;
  return (title) => {
    if (typeof title !== 'string' || !title.startsWith(prefix)) return undefined;
    const sentAt = Number(title.slice(prefix.length));
    return Number.isFinite(sentAt) ? sentAt : undefined;
  };
}
