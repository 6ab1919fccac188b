/**
 * Alerts: trouble the server noticed, stored so that every instance agrees and a restart
 * forgets nothing; their HTTP and Socket.IO contract, their thresholds and the webhooks
 * that carry them to chat robots (docs/API.md, "Alerts").
 */
import { z } from 'zod';
import type { LocalizedName } from './event-config.js';

export const ALERT_KINDS = [
  'venue.near-capacity',
  'venue.over-capacity',
  'screen.offline',
  'gate.silent',
  'signing.held',
  'store.unavailable',
  'cluster.redis-down',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSeverity = 'warning' | 'critical';

export const ALERT_SEVERITY: Record<AlertKind, AlertSeverity> = {
  'venue.near-capacity': 'warning',
  'venue.over-capacity': 'critical',
  'screen.offline': 'warning',
  'gate.silent': 'warning',
  'signing.held': 'warning',
  'store.unavailable': 'critical',
  'cluster.redis-down': 'critical',
};

/** One alert, open (`clearedAt` null) or cleared. One open alert per kind and subject. */
export interface Alert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** What it is about: a venue, screen, gate or signing id, or an instance name. */
  subject: string;
  message: LocalizedName;
  raisedAt: string;
  clearedAt: string | null;
  ackedBy: string | null;
  ackedAt: string | null;
}

/**
 * Thresholds an event may override in its `alerts` object; every field is optional and
 * falls back to `DEFAULT_ALERT_THRESHOLDS`.
 */
export const alertThresholdsSchema = z
  .object({
    /** On-site people over capacity that raises `venue.near-capacity`... */
    nearCapacityRatio: z.number().positive().max(10),
    /** ...and under which it clears (lower, so that a venue at the line does not flap). */
    nearCapacityClearRatio: z.number().positive().max(10),
    /** On-site over capacity that raises `venue.over-capacity`; it clears below. */
    overCapacityRatio: z.number().positive().max(10),
    /** A pinned screen unseen this long is `screen.offline`. */
    screenOfflineSeconds: z.number().int().min(5).max(86_400),
    /** A gate without a report this long during opening hours is `gate.silent`. */
    gateSilentMinutes: z.number().int().min(1).max(1440),
    /** An alert raised again this soon after it cleared re-opens the same alert. */
    reopenWindowSeconds: z.number().int().min(0).max(86_400),
  })
  .partial()
  .strict();

export type AlertThresholds = Required<z.infer<typeof alertThresholdsSchema>>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  nearCapacityRatio: 0.9,
  nearCapacityClearRatio: 0.85,
  overCapacityRatio: 1,
  screenOfflineSeconds: 60,
  gateSilentMinutes: 10,
  reopenWindowSeconds: 300,
};

export function alertThresholds(overrides: Partial<AlertThresholds> | undefined): AlertThresholds {
  return { ...DEFAULT_ALERT_THRESHOLDS, ...overrides };
}

export const alertListQuery = z.object({ state: z.enum(['open', 'all']).default('open') }).strict();

// Webhooks

export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const webhookInputSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000),
    format: z.enum(WEBHOOK_FORMATS),
    /** Only these kinds; all kinds when absent. */
    kinds: z.array(z.enum(ALERT_KINDS)).min(1).optional(),
    /** json: the HMAC key of `X-Pavilion-Signature`; dingtalk, feishu: the robot's signing secret. */
    secret: z.string().min(1).max(200).optional(),
  })
  .strict();

export type WebhookInput = z.infer<typeof webhookInputSchema>;

/** A webhook as the API shows it: the secret never leaves the server. */
export interface WebhookView {
  id: string;
  url: string;
  format: WebhookFormat;
  kinds: AlertKind[] | null;
  hasSecret: boolean;
  createdAt: string;
  createdBy: string;
}

/** What a delivery tells the receiver: an alert was raised (or re-opened) or cleared. */
export type AlertTransition = 'raised' | 'cleared';

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  /** The receiver's HTTP status; null when it could not be reached. */
  status: number | null;
  ok: boolean;
  /** The start of the receiver's answer, or why it could not be reached. */
  answer: string;
}

export interface DeliveryView {
  id: string;
  alertId: string;
  transition: AlertTransition;
  kind: AlertKind;
  subject: string;
  state: 'pending' | 'delivered' | 'failed';
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: DeliveryAttempt[];
}

// The `/ops` namespace

export const OPS_NAMESPACE = '/ops';

export const OpsEvents = {
  alertRaised: 'alert:raised',
  alertCleared: 'alert:cleared',
  /** An open alert was acknowledged; its `ackedBy`/`ackedAt` are set. */
  alertAcked: 'alert:acked',
} as const;

export interface OpsServerToClientEvents {
  'alert:raised': (alert: Alert) => void;
  'alert:cleared': (alert: Alert) => void;
  'alert:acked': (alert: Alert) => void;
}

// `/ops` only pushes.
export type OpsClientToServerEvents = Record<string, never>;

/** Server-side requests between instances for the board (over the Socket.IO adapter). */
export const OpsClusterEvents = {
  instances: 'ops:instances',
} as const;

// The board (`GET /api/v1/ops/board`)

export interface GateBoardRow {
  gateId: string;
  venueId: string;
  name: LocalizedName;
  /** Last report from the gate's device, any instance; null when never heard of. */
  lastReportAt: string | null;
  ageSeconds: number | null;
  /** Entries per minute over the current event-local hour so far. */
  entriesPerMinute: number;
  silent: boolean;
}

export interface ScreenCounts {
  online: number;
  stale: number;
  offline: number;
}

export interface InstanceHealth {
  instance: string;
  startedAt: string;
  writes: 'ok' | 'failing';
  redis: 'ok' | 'down' | 'none';
  /** Operations committed by this instance in the last minute. */
  writesPerMinute: number;
}

export interface OpsBoard {
  at: string;
  gates: GateBoardRow[];
  /** By venue id; screens that named no venue under `-`. */
  screens: Record<string, ScreenCounts>;
  instances: InstanceHealth[];
  openAlerts: Alert[];
}
