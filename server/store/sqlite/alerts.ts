import type { Database } from 'better-sqlite3';
import type { Alert, AlertKind, AlertTransition, DeliveryView } from '../../../shared/alerts.js';
import type { OperatorAuditEntry } from '../../../shared/operator-audit.js';
import type { AlertStore, OperatorAuditStore, OutboxItem, WebhookRecord } from '../alert-types.js';
import { alertFromRow, deliveriesFromRows, matchingWebhooks, operatorEntryFromRow, webhookFromRow, webhookValues, type AlertRow, type AttemptRow, type DeliveryRow, type OperatorRow, type WebhookRow } from '../alert-rows.js';

export function sqliteAlerts(db: Database): AlertStore {
  const openOf = db.prepare<[string, string], AlertRow>('SELECT * FROM alerts WHERE kind = ? AND subject = ? AND cleared_at IS NULL');
  const byId = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const webhooks = () => db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY created_at').all().map(webhookFromRow);

  const enqueue = (alert: Alert, transition: AlertTransition, at: string, dueAt: string, skip: Set<string> = new Set()) => {
    const insert = db.prepare(
      `INSERT INTO webhook_deliveries (webhook_id, alert_id, transition, alert, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
    for (const w of matchingWebhooks(webhooks(), alert.kind)) {
      if (!skip.has(w.id)) insert.run(w.id, alert.id, transition, JSON.stringify(alert), dueAt, at);
    }
  };

  const raise = db.transaction((input: Parameters<AlertStore['raise']>[0]) => {
    const open = openOf.get(input.kind, input.subject);
    if (open) return { alert: alertFromRow(open), changed: false };
    const recent = db
      .prepare<[string, string, string], AlertRow>(
        'SELECT * FROM alerts WHERE kind = ? AND subject = ? AND cleared_at >= ? ORDER BY cleared_at DESC LIMIT 1',
      )
      .get(input.kind, input.subject, input.reopenSince);
    if (recent) {
      db.prepare('UPDATE alerts SET cleared_at = NULL, message = ? WHERE id = ?').run(JSON.stringify(input.message), recent.id);
      // A receiver that has not yet been told of the clear need not hear of the raise either.
      const held = db
        .prepare<[string], { webhook_id: string }>("DELETE FROM webhook_deliveries WHERE alert_id = ? AND transition = 'cleared' AND attempts = 0 RETURNING webhook_id")
        .all(recent.id);
      const alert = alertFromRow(byId.get(recent.id)!);
      enqueue(alert, 'raised', input.at, input.at, new Set(held.map((h) => h.webhook_id)));
      return { alert, changed: true };
    }
    db.prepare('INSERT INTO alerts (id, kind, subject, severity, message, raised_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      input.id,
      input.kind,
      input.subject,
      input.severity,
      JSON.stringify(input.message),
      input.at,
    );
    const alert = alertFromRow(byId.get(input.id)!);
    enqueue(alert, 'raised', input.at, input.at);
    return { alert, changed: true };
  });

  const clear = db.transaction((kind: AlertKind, subject: string, at: string, holdMs: number) => {
    const open = openOf.get(kind, subject);
    if (!open) return undefined;
    db.prepare('UPDATE alerts SET cleared_at = ? WHERE id = ?').run(at, open.id);
    const alert = alertFromRow(byId.get(open.id)!);
    enqueue(alert, 'cleared', at, new Date(Date.parse(at) + holdMs).toISOString());
    return alert;
  });

  const claim = db.transaction((now: string, leaseUntil: string, limit: number): OutboxItem[] => {
    const rows = db
      .prepare<[string, string, number], DeliveryRow & WebhookRow & { delivery_id: number }>(
        `SELECT d.id AS delivery_id, d.*, w.* FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?)
         ORDER BY d.next_attempt_at, d.id LIMIT ?`,
      )
      .all(now, now, limit);
    const lease = db.prepare('UPDATE webhook_deliveries SET lease_until = ? WHERE id = ?');
    return rows.map((r) => {
      lease.run(leaseUntil, r.delivery_id);
      return { id: r.delivery_id, webhook: webhookFromRow(r), alert: JSON.parse(String(r.alert)) as Alert, transition: r.transition, attempts: r.attempts };
    });
  });

  return {
    async raise(input) {
      return raise(input);
    },
    async clear(kind, subject, at, holdMs) {
      return clear(kind, subject, at, holdMs);
    },
    async list(state, limit) {
      const where = state === 'open' ? 'WHERE cleared_at IS NULL' : '';
      return db.prepare<[number], AlertRow>(`SELECT * FROM alerts ${where} ORDER BY raised_at DESC, id LIMIT ?`).all(limit).map(alertFromRow);
    },
    async ack(id, actor, at) {
      db.prepare('UPDATE alerts SET acked_by = ?, acked_at = ? WHERE id = ?').run(actor, at, id);
      const row = byId.get(id);
      return row && alertFromRow(row);
    },
    async createWebhook(w: WebhookRecord) {
      db.prepare('INSERT INTO webhooks (id, url, format, kinds, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(webhookValues(w));
    },
    async listWebhooks() {
      return webhooks();
    },
    async deleteWebhook(id) {
      return db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
    },
    async claimDeliveries(now, leaseUntil, limit) {
      return claim(now, leaseUntil, limit);
    },
    async recordAttempt(deliveryId, attempt, outcome) {
      db.transaction(() => {
        db.prepare('INSERT INTO webhook_attempts (delivery_id, attempt, at, status, ok, answer) VALUES (?, ?, ?, ?, ?, ?)').run(
          deliveryId,
          attempt.attempt,
          attempt.at,
          attempt.status,
          attempt.ok ? 1 : 0,
          attempt.answer,
        );
        db.prepare('UPDATE webhook_deliveries SET attempts = ?, state = ?, next_attempt_at = ?, lease_until = NULL WHERE id = ?').run(
          attempt.attempt,
          outcome.state,
          outcome.state === 'pending' ? outcome.nextAttemptAt : null,
          deliveryId,
        );
      })();
    },
    async listDeliveries(webhookId, limit): Promise<DeliveryView[]> {
      const deliveries = db
        .prepare<[string, number], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?')
        .all(webhookId, limit);
      const ids = deliveries.map((d) => d.id);
      const attempts =
        ids.length === 0
          ? []
          : db.prepare<number[], AttemptRow>(`SELECT * FROM webhook_attempts WHERE delivery_id IN (${ids.map(() => '?').join(',')}) ORDER BY attempt`).all(...ids);
      return deliveriesFromRows(deliveries, attempts);
    },
    async noteGateReports(gateIds, at) {
      const upsert = db.prepare(
        'INSERT INTO gate_reports (gate_id, last_at) VALUES (?, ?) ON CONFLICT (gate_id) DO UPDATE SET last_at = max(last_at, excluded.last_at)',
      );
      db.transaction(() => gateIds.forEach((g) => upsert.run(g, at)))();
    },
    async gateReports() {
      const rows = db.prepare<[], { gate_id: string; last_at: string }>('SELECT * FROM gate_reports').all();
      return Object.fromEntries(rows.map((r) => [r.gate_id, r.last_at]));
    },
  };
}

export function sqliteOperatorAudit(db: Database): OperatorAuditStore {
  return {
    async record(e) {
      db.prepare(
        `INSERT INTO operator_audit (after_seq, at, actor, action, subject, details)
         VALUES (coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0), ?, ?, ?, ?, ?)`,
      ).run(e.at, e.actor, e.action, e.subject, JSON.stringify(e.details));
    },
    async list(q): Promise<OperatorAuditEntry[]> {
      const where = ['1 = 1'];
      const params: Record<string, string | number> = { limit: q.limit };
      if (q.before) {
        where.push('(after_seq < @seq OR (after_seq = @seq AND id < @id))');
        params['seq'] = q.before[0];
        params['id'] = q.before[1];
      }
      if (q.actor) (where.push('actor = @actor'), (params['actor'] = q.actor));
      if (q.from) (where.push('at >= @from'), (params['from'] = q.from));
      if (q.to) (where.push('at <= @to'), (params['to'] = q.to));
      return db
        .prepare<Record<string, string | number>, OperatorRow>(`SELECT * FROM operator_audit WHERE ${where.join(' AND ')} ORDER BY after_seq DESC, id DESC LIMIT @limit`)
        .all(params)
        .map(operatorEntryFromRow);
    },
  };
}
