import { describe, expect, it } from 'vitest';
import { counterStep } from '../../server/attendance/counter.js';
import { gateRates, parseCounts, prepareCounts } from '../../server/attendance/ingest.js';
import { DEFAULT_GATE_PERSONS_PER_MINUTE } from '../../shared/attendance.js';
import { eventConfigSchema } from '../../shared/event-config.js';
import { defaultEvent } from '../support/server.js';

const event = defaultEvent();
const NOW = Date.parse('2024-06-20T12:00:00+08:00');
const venueOf = new Map([
  ['v1-g1', 'v1'],
  ['v1-g2', 'v1'],
]);
const interval = (batchId: string, from: string, to: string, entries: number, exits = 0, gateId = 'v1-g1') => ({
  gateId,
  batchId,
  from: `2024-06-20T${from}+08:00`,
  to: `2024-06-20T${to}+08:00`,
  entries,
  exits,
});
const prepare = (counts: unknown[], rateOf?: (gateId: string) => number) => prepareCounts(parseCounts({ counts }), venueOf, event.timeZone, NOW, rateOf);

describe('gate rates', () => {
  it('takes the gate own rate, else the event default, else 60 a minute', () => {
    expect(DEFAULT_GATE_PERSONS_PER_MINUTE).toBe(60);
    expect(gateRates(event)('v1-g1')).toBe(60);
    const configured = structuredClone(event);
    configured.gatePersonsPerMinute = 90;
    configured.venues[0]!.gates[1]!.personsPerMinute = 240;
    const rateOf = gateRates(eventConfigSchema.parse(configured));
    expect(rateOf('v1-g1')).toBe(90);
    expect(rateOf('v1-g2')).toBe(240);
  });

  it('refuses a rate that is not a positive whole number in the event file', () => {
    const bad = structuredClone(event);
    bad.venues[0]!.gates[0]!.personsPerMinute = 0;
    expect(eventConfigSchema.safeParse(bad).success).toBe(false);
  });
});

describe('interval reports', () => {
  it('refuses more people than the gate passes in the interval, judged over at least a minute', () => {
    const { items, rejected } = prepare([
      interval('a', '10:00:00', '10:10:00', 600, 600),
      interval('b', '10:10:00', '10:20:00', 601),
      interval('c', '10:20:00', '10:20:00', 60, 61),
      interval('d', '10:20:00', '10:30:00', 1_000_000),
    ]);
    expect(items.map((i) => i.batchId)).toEqual(['a']);
    expect(rejected).toEqual([
      { index: 1, field: 'entries', code: 'over_gate_rate', message: '601 entries in 600 s: the gate passes at most 600', error: '601 entries in 600 s: the gate passes at most 600' },
      expect.objectContaining({ index: 2, field: 'exits', code: 'over_gate_rate' }),
      expect.objectContaining({ index: 3, field: 'entries', code: 'over_gate_rate' }),
    ]);
  });

  it('refuses the reports of one request that together pass more than two hours of the gate in one hour', () => {
    // Hourly reports that overlap: each alone is plausible, but not 3 hours' worth in hour 10.
    const full = (batchId: string, gateId = 'v1-g1') => interval(batchId, '09:30:00', '10:30:00', 3600, 0, gateId);
    const { items, rejected } = prepare([full('a'), full('b'), full('x', 'v1-g2'), full('c')]);
    expect(items.map((i) => i.batchId)).toEqual(['a', 'b', 'x']);
    expect(rejected).toEqual([expect.objectContaining({ index: 3, field: 'entries', code: 'over_gate_rate' })]);
  });

  it('follows the rate it is given', () => {
    const { rejected } = prepare([interval('a', '10:00:00', '10:10:00', 5000), interval('b', '10:00:00', '10:10:00', 5000, 0, 'v1-g2')], (gate) =>
      gate === 'v1-g1' ? 600 : 60,
    );
    expect(rejected.map((r) => r.index)).toEqual([1]);
  });

  it('gives clock rejections a code too', () => {
    const { rejected } = prepare([
      { gateId: 'v1-g1', batchId: 'old', at: '2024-06-01T10:00:00+08:00', entriesTotal: 1, exitsTotal: 0 },
      interval('ahead', '12:00:00', '12:30:00', 1),
    ]);
    expect(rejected.map((r) => [r.index, r.field, r.code])).toEqual([
      [0, 'at', 'too_old'],
      [1, 'to', 'clock_ahead'],
    ]);
  });
});

describe('counter readings', () => {
  it('count a rise only up to the gate rate since the previous reading', () => {
    const tenMinutes = 600_000;
    expect(counterStep(0, 600, tenMinutes)).toEqual({ count: 600, event: 'counted' });
    expect(counterStep(0, 601, tenMinutes)).toEqual({ count: 0, event: 'implausible_jump' });
    expect(counterStep(0, 5000, tenMinutes, 600)).toEqual({ count: 5000, event: 'counted' });
    // A restart is judged the same way.
    expect(counterStep(5000, 700, tenMinutes).event).toBe('implausible_jump');
  });

  it('carry the gate rate to the store', () => {
    const { items } = prepare([{ gateId: 'v1-g2', batchId: 'r', at: '2024-06-20T10:00:00+08:00', entriesTotal: 1, exitsTotal: 0 }], () => 240);
    expect(items[0]).toMatchObject({ kind: 'counter', perMinute: 240 });
  });
});
