/** Milestones on the way to the event's targets, celebrated as the totals cross them. */
import type { EventConfig } from '../../shared/event-config.js';
import type { Totals } from '../../shared/summary.js';

export interface Milestone {
  kind: 'contracts' | 'investment';
  /** The threshold crossed: a count, or yuan. */
  value: number;
  /** Share of the target, 1 = the target itself. */
  ofTarget: number;
}

const FRACTIONS = [0.25, 0.5, 0.75];

/** Quarter marks of the target, the target, then every further whole target. */
function thresholds(target: number, upTo: number): number[] {
  const marks = FRACTIONS.map((f) => Math.round(target * f));
  for (let k = 1; k * target <= upTo; k++) marks.push(k * target);
  return marks;
}

function crossed(kind: Milestone['kind'], before: number, after: number, target: number): Milestone[] {
  return thresholds(target, after)
    .filter((mark) => mark > 0 && before < mark && after >= mark)
    .map((value) => ({ kind, value, ofTarget: value / target }));
}

/** Milestones crossed going from `before` to `after`; only the highest of each kind, so a burst celebrates once. */
export function crossedMilestones(before: Totals, after: Totals, targets: EventConfig['targets']): Milestone[] {
  const highest = (list: Milestone[]) => (list.length > 0 ? [list.reduce((a, b) => (b.value > a.value ? b : a))] : []);
  return [
    ...highest(crossed('contracts', before.count, after.count, targets.contracts)),
    ...highest(crossed('investment', before.amountCny, after.amountCny, targets.investmentCny)),
  ];
}
