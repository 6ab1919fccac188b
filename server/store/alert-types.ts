import type { Alert, AlertKind, AlertSeverity, AlertTransition, DeliveryAttempt, DeliveryView, WebhookFormat } from '../../shared/alerts.js';
import type { LocalizedName } from '../../shared/event-config.js';
import type { OperatorAction, OperatorAuditEntry } from '../../shared/operator-audit.js';

export interface WebhookRecord {
  id: string;
  url: string;
  format: WebhookFormat;
  kinds: AlertKind[] | null;
  secret: string | null;
  createdAt: string;
  createdBy: string;
}

export interface RaiseInput {
  /** Used when a new alert is stored; an open or re-opened alert keeps its own. */
  id: string;
  kind: AlertKind;
  subject: string;
  severity: AlertSeverity;
  message: LocalizedName;
  at: string;
  /** A cleared alert of this kind and subject cleared at or after this instant is re-opened instead. */
  reopenSince: string;
}

/** Whether a raise or clear changed anything; only the caller that changed it tells the others. */
export interface AlertOutcome {
  alert: Alert;
  changed: boolean;
}

/** A delivery due now, leased to the worker that claimed it. */
export interface OutboxItem {
  id: number;
  webhook: WebhookRecord;
  /** The alert as it was at the transition. */
  alert: Alert;
  transition: AlertTransition;
  attempts: number;
}

export type AttemptOutcome = { state: 'pending'; nextAttemptAt: string } | { state: 'delivered' | 'failed' };

/**
 * Alerts, webhooks and their outbox. Raising and clearing are idempotent (one open alert per
 * kind and subject, kept by a unique index), so every instance may evaluate the same facts;
 * a transition writes its webhook deliveries in the same transaction (the durable outbox).
 */
export interface AlertStore {
  raise(input: RaiseInput): Promise<AlertOutcome>;
  /**
   * Clears the open alert of this kind and subject; undefined when none is open. Its
   * `cleared` deliveries wait `holdMs`: an alert re-opened meanwhile takes them back.
   */
  clear(kind: AlertKind, subject: string, at: string, holdMs: number): Promise<Alert | undefined>;
  list(state: 'open' | 'all', limit: number): Promise<Alert[]>;
  /** Sets who acknowledged it; undefined when there is no such alert. */
  ack(id: string, actor: string, at: string): Promise<Alert | undefined>;
  createWebhook(webhook: WebhookRecord): Promise<void>;
  listWebhooks(): Promise<WebhookRecord[]>;
  /** Removes it and its deliveries; false when there is no such webhook. */
  deleteWebhook(id: string): Promise<boolean>;
  /** Deliveries due at `now` and not leased by another worker, leased until `leaseUntil`, oldest first. */
  claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<OutboxItem[]>;
  recordAttempt(deliveryId: number, attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void>;
  listDeliveries(webhookId: string, limit: number): Promise<DeliveryView[]>;
  /** Notes that these gates reported at `at` (kept when later than what is stored). */
  noteGateReports(gateIds: string[], at: string): Promise<void>;
  /** The last report of every gate heard of, by gate id. */
  gateReports(): Promise<Record<string, string>>;
}

export interface OperatorAuditRecord {
  at: string;
  actor: string;
  action: OperatorAction;
  subject: string;
  details: Record<string, unknown>;
}

export interface OperatorAuditQuery {
  limit: number;
  /** Entries before this place in the log: `[seq, id]` of the last entry of the previous page. */
  before?: [number, number];
  actor?: string;
  from?: string;
  to?: string;
}

/** What operators did (fleet commands, tokens, users, go-live, event edits, acknowledgements). */
export interface OperatorAuditStore {
  record(entry: OperatorAuditRecord): Promise<void>;
  /** Newest first. */
  list(query: OperatorAuditQuery): Promise<OperatorAuditEntry[]>;
}
