/**
 * What operators did, in the audit log beside signing changes and gate-hour corrections:
 * fleet commands, tokens and users, going live, event edits, alert acknowledgements, webhooks.
 */

export const OPERATOR_ACTIONS = [
  'fleet.command',
  'token.created',
  'token.revoked',
  'user.created',
  'user.updated',
  'rehearsal.went-live',
  'event.changed',
  'alert.acked',
  'webhook.created',
  'webhook.deleted',
] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

/**
 * One operator action in `GET /api/v1/audit`. Operator actions are not in the change log,
 * so they have no seq of their own: `seq` is the last change committed when the action was
 * recorded (the entry sorts just after that change) and `id` orders entries of one seq.
 * A page that ends on one has the cursor `seq.id`.
 */
export interface OperatorAuditEntry {
  seq: number;
  id: number;
  type: 'operator';
  action: OperatorAction;
  at: string;
  actor: string;
  /** What it acted on: a screen target, token, user, alert or webhook id, or the event. */
  subject: string;
  /** The subject, for a log that shows a title per line. */
  title: string;
  reason: null;
  /** What was asked for (never a password or secret). */
  details: Record<string, unknown>;
  changed: [];
}

/** An audit cursor: `seq`, or `seq.id` after an operator entry. */
export function parseAuditCursor(cursor: string): [number, number] | undefined {
  const m = /^(\d{1,15})(?:\.(\d{1,15}))?$/.exec(cursor);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0)];
}
