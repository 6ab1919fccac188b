import { describe, expect, it } from 'vitest';
import { gateVerdicts } from '../../server/alerts/rules.js';
import { DEFAULT_ALERT_THRESHOLDS } from '../../shared/alerts.js';
import { defaultEvent } from '../support/server.js';

/**
 * `gate.silent` follows the venue's own hours that day. In the default event, on 2024-06-20
 * venue v3 keeps 08:30-12:00 while v1 keeps the day's 09:00-17:00 (tests/unit/event-data.test.ts).
 */
describe('gate.silent and per-venue hours', () => {
  const event = defaultEvent();
  const at = (wall: string) => Date.parse(`2024-06-20T${wall}:00+08:00`);
  const openGates = (nowMs: number) =>
    gateVerdicts(event, {}, nowMs, at('07:00'), DEFAULT_ALERT_THRESHOLDS)
      .filter((v) => v.open)
      .map((v) => v.subject);
  const gatesOf = (venueId: string) => event.venues.find((v) => v.id === venueId)!.gates.map((g) => g.id);

  it('a venue that opens earlier has silent gates before the day opens elsewhere', () => {
    const open = openGates(at('08:41'));
    expect(open).toEqual(gatesOf('v3'));
  });

  it('a venue that closed at noon is quiet in the afternoon while the others are watched', () => {
    const open = openGates(at('13:00'));
    expect(open).toEqual(expect.arrayContaining(gatesOf('v1')));
    for (const gate of gatesOf('v3')) expect(open).not.toContain(gate);
  });
});
