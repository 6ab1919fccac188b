import type { Alert, AlertKind, AlertSeverity, AlertTransition, DeliveryView, WebhookFormat } from '../../shared/alerts.js';
import type { LocalizedName } from '../../shared/event-config.js';
import type { OperatorAction, OperatorAuditEntry } from '../../shared/operator-audit.js';
import type { WebhookRecord } from './alert-types.js';
import { parsed, type Json } from './json-column.js';

export interface AlertRow {
  id: string;
  kind: AlertKind;
  subject: string;
  severity: AlertSeverity;
  message: Json<LocalizedName>;
  raised_at: string;
  cleared_at: string | null;
  acked_by: string | null;
  acked_at: string | null;
}

export function alertFromRow(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    subject: r.subject,
    message: parsed(r.message),
    raisedAt: r.raised_at,
    clearedAt: r.cleared_at,
    ackedBy: r.acked_by,
    ackedAt: r.acked_at,
  };
}

export interface WebhookRow {
  id: string;
  url: string;
  format: WebhookFormat;
  kinds: Json<AlertKind[]> | null;
  secret: string | null;
  created_at: string;
  created_by: string;
}

/** A webhook's column values, in the order of `INSERT INTO webhooks (id, url, format, kinds, secret, created_at, created_by)`. */
export const webhookValues = (w: WebhookRecord) => [w.id, w.url, w.format, w.kinds ? JSON.stringify(w.kinds) : null, w.secret, w.createdAt, w.createdBy];

export function webhookFromRow(r: WebhookRow): WebhookRecord {
  return {
    id: r.id,
    url: r.url,
    format: r.format,
    kinds: r.kinds === null ? null : parsed(r.kinds),
    secret: r.secret,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export function matchingWebhooks(webhooks: WebhookRecord[], kind: AlertKind): WebhookRecord[] {
  return webhooks.filter((w) => w.kinds === null || w.kinds.includes(kind));
}

export interface DeliveryRow {
  id: number;
  webhook_id: string;
  alert_id: string;
  transition: AlertTransition;
  alert: Json<Alert>;
  state: DeliveryView['state'];
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
}

export interface AttemptRow {
  delivery_id: number;
  attempt: number;
  at: string;
  status: number | null;
  ok: number | boolean;
  answer: string;
}

export function deliveriesFromRows(deliveries: DeliveryRow[], attempts: AttemptRow[]): DeliveryView[] {
  return deliveries.map((d) => {
    const alert = parsed(d.alert);
    return {
      id: String(d.id),
      alertId: d.alert_id,
      transition: d.transition,
      kind: alert.kind,
      subject: alert.subject,
      state: d.state,
      createdAt: d.created_at,
      nextAttemptAt: d.state === 'pending' ? d.next_attempt_at : null,
      attempts: attempts
        .filter((a) => Number(a.delivery_id) === Number(d.id))
        .map((a) => ({ attempt: a.attempt, at: a.at, status: a.status, ok: Boolean(a.ok), answer: a.answer })),
    };
  });
}

export interface OperatorRow {
  id: number | string;
  after_seq: number | string;
  at: string;
  actor: string;
  action: OperatorAction;
  subject: string;
  details: Json<Record<string, unknown>>;
}

export function operatorEntryFromRow(r: OperatorRow): OperatorAuditEntry {
  return {
    seq: Number(r.after_seq),
    id: Number(r.id),
    type: 'operator',
    action: r.action,
    at: r.at,
    actor: r.actor,
    subject: r.subject,
    title: `${r.action} ${r.subject}`,
    reason: null,
    details: parsed(r.details),
    changed: [],
  };
}
