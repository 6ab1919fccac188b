import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from '../../shared/time.js';

/** What Intl says when asked for the whole local date and time: the slow way localTime must agree with. */
function fromIntl(atMs: number, timeZone: string) {
  // Swedish writes dates as YYYY-MM-DD HH:MM:SS.
  const [day, clock] = new Date(atMs).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' }).split(' ');
  const [hour, minute] = clock!.split(':').map(Number);
  return { day, hour, minute };
}

// Half-hour and 45-minute offsets, a 30-minute daylight saving shift, both hemispheres.
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'Asia/Kolkata'];

describe('localTime', () => {
  it('agrees with Intl at any instant of 1971-2100 in any zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (atMs, zone) => {
        expect(localTime(atMs, zone)).toEqual(fromIntl(atMs, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Intl on both sides of daylight saving changes', () => {
    const changes = [
      ['America/New_York', '2024-03-10T07:00:00Z'],
      ['America/New_York', '2024-11-03T06:00:00Z'],
      ['Europe/London', '2024-03-31T01:00:00Z'],
      ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'],
      ['Australia/Lord_Howe', '2024-10-05T15:30:00Z'],
      ['Pacific/Chatham', '2024-04-06T14:00:00Z'],
    ] as const;
    for (const [zone, at] of changes) {
      for (const delta of [-900_001, -1, 0, 1, 899_999]) {
        const atMs = Date.parse(at) + delta;
        expect(localTime(atMs, zone), `${zone} ${new Date(atMs).toISOString()}`).toEqual(fromIntl(atMs, zone));
      }
    }
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => localTime('not a date', 'Asia/Shanghai')).toThrow(RangeError);
  });
});
