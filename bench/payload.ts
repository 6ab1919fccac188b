/**
 * Signing bodies that carry their own send time and a phase tag in the title, so that a
 * screen can measure POST-sent to screen-received without a side channel and count only the
 * signings of the phase being measured.
 */
const PREFIX = 'Bench';

export interface Stamp {
  tag: string;
  sentAt: number;
}

export function signingBody(tag: string, sentAt: number): string {
  return JSON.stringify({
    title: `${PREFIX} ${tag} ${sentAt.toFixed(3)}`,
    investor: 'Example Mobility GmbH',
    investorCountry: 'DE',
    partner: 'Tianjin Binhai District',
    amount: 5_000_000_000,
    currency: 'CNY',
    sector: 'icv',
    venueId: 'v1',
    areaId: 'icv',
  });
}

export function readStamp(title: unknown): Stamp | undefined {
  if (typeof title !== 'string' || !title.startsWith(PREFIX)) return undefined;
  const [, tag, sent] = title.split(' ');
  const sentAt = Number(sent);
  return tag && Number.isFinite(sentAt) ? { tag, sentAt } : undefined;
}
