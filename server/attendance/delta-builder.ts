import type { AttendanceDelta, GateHourFlow, HourFlow } from '../../shared/attendance.js';

/** Sums flows and new badges of one write, so that each aggregate row is written once. */
export class DeltaBuilder {
  readonly #flows = new Map<string, GateHourFlow>();
  readonly #uniques = new Map<string, { venueId: string; day: string; added: number }>();

  flow(venueId: string, gateId: string, hour: string, entries: number, exits: number): void {
    if (entries === 0 && exits === 0) return;
    const key = `${gateId}|${hour}`;
    const f = this.#flows.get(key);
    if (f) {
      f.entries += entries;
      f.exits += exits;
    } else this.#flows.set(key, { venueId, gateId, hour, entries, exits });
  }

  unique(venueId: string, day: string): void {
    const key = `${venueId}|${day}`;
    const u = this.#uniques.get(key);
    if (u) u.added += 1;
    else this.#uniques.set(key, { venueId, day, added: 1 });
  }

  build(): AttendanceDelta {
    return { flows: [...this.#flows.values()], uniques: [...this.#uniques.values()] };
  }
}

/** What setting a gate's hour from `before` to `after` adds to the figures: the difference. */
export function correctionDelta(at: { venueId: string; gateId: string; hour: string }, before: HourFlow, after: HourFlow): AttendanceDelta {
  const entries = after.entries - before.entries;
  const exits = after.exits - before.exits;
  const flow = { venueId: at.venueId, gateId: at.gateId, hour: at.hour, entries, exits };
  return { flows: entries === 0 && exits === 0 ? [] : [flow], uniques: [] };
}
