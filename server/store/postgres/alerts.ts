import type { Pool, PoolClient } from 'pg';
import type { Alert, AlertTransition, DeliveryView } from '../../../shared/alerts.js';
import type { AlertStore, OperatorAuditStore, OutboxItem } from '../alert-types.js';
import { alertFromRow, deliveriesFromRows, matchingWebhooks, operatorEntryFromRow, webhookFromRow, webhookValues, type AlertRow, type AttemptRow, type DeliveryRow, type OperatorRow, type WebhookRow } from '../alert-rows.js';
import { inTransaction } from './transaction.js';

async function enqueue(client: PoolClient, alert: Alert, transition: AlertTransition, at: string, dueAt: string, skip: Set<string> = new Set()): Promise<void> {
  const { rows } = await client.query<WebhookRow>('SELECT * FROM webhooks');
  const targets = matchingWebhooks(rows.map(webhookFromRow), alert.kind).filter((w) => !skip.has(w.id));
  if (targets.length === 0) return;
  await client.query(
    `INSERT INTO webhook_deliveries (webhook_id, alert_id, transition, alert, state, attempts, next_attempt_at, created_at)
     SELECT w, $2, $3, $4, 'pending', 0, $5, $6 FROM unnest($1::text[]) AS w`,
    [targets.map((w) => w.id), alert.id, transition, JSON.stringify(alert), dueAt, at],
  );
}

export function pgAlerts(pool: Pool): AlertStore {
  return {
    raise: (input) =>
      inTransaction(pool, async (client) => {
        // The partial unique index keeps one open alert per kind and subject, whoever inserts first.
        const inserted = await client.query<AlertRow>(
          `INSERT INTO alerts (id, kind, subject, severity, message, raised_at)
           SELECT $1, $2, $3, $4, $5, $6
           WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = $2 AND subject = $3 AND cleared_at >= $7)
           ON CONFLICT (kind, subject) WHERE cleared_at IS NULL DO NOTHING RETURNING *`,
          [input.id, input.kind, input.subject, input.severity, JSON.stringify(input.message), input.at, input.reopenSince],
        );
        if (inserted.rows[0]) {
          const alert = alertFromRow(inserted.rows[0]);
          await enqueue(client, alert, 'raised', input.at, input.at);
          return { alert, changed: true };
        }
        const reopened = await client.query<AlertRow>(
          `UPDATE alerts SET cleared_at = NULL, message = $4
           WHERE id = (SELECT id FROM alerts WHERE kind = $1 AND subject = $2 AND cleared_at >= $3 ORDER BY cleared_at DESC LIMIT 1)
             AND cleared_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alerts WHERE kind = $1 AND subject = $2 AND cleared_at IS NULL)
           RETURNING *`,
          [input.kind, input.subject, input.reopenSince, JSON.stringify(input.message)],
        );
        if (reopened.rows[0]) {
          const alert = alertFromRow(reopened.rows[0]);
          // A receiver that has not yet been told of the clear need not hear of the raise either.
          const held = await client.query<{ webhook_id: string }>(
            "DELETE FROM webhook_deliveries WHERE alert_id = $1 AND transition = 'cleared' AND attempts = 0 RETURNING webhook_id",
            [alert.id],
          );
          await enqueue(client, alert, 'raised', input.at, input.at, new Set(held.rows.map((h) => h.webhook_id)));
          return { alert, changed: true };
        }
        const open = await client.query<AlertRow>('SELECT * FROM alerts WHERE kind = $1 AND subject = $2 AND cleared_at IS NULL', [input.kind, input.subject]);
        if (!open.rows[0]) throw new Error(`alert ${input.kind} ${input.subject} neither raised nor open`);
        return { alert: alertFromRow(open.rows[0]), changed: false };
      }),
    clear: (kind, subject, at, holdMs) =>
      inTransaction(pool, async (client) => {
        const { rows } = await client.query<AlertRow>(
          'UPDATE alerts SET cleared_at = $3 WHERE kind = $1 AND subject = $2 AND cleared_at IS NULL RETURNING *',
          [kind, subject, at],
        );
        if (!rows[0]) return undefined;
        const alert = alertFromRow(rows[0]);
        await enqueue(client, alert, 'cleared', at, new Date(Date.parse(at) + holdMs).toISOString());
        return alert;
      }),
    async list(state, limit) {
      const where = state === 'open' ? 'WHERE cleared_at IS NULL' : '';
      const { rows } = await pool.query<AlertRow>(`SELECT * FROM alerts ${where} ORDER BY raised_at DESC, id LIMIT $1`, [limit]);
      return rows.map(alertFromRow);
    },
    async ack(id, actor, at) {
      const { rows } = await pool.query<AlertRow>('UPDATE alerts SET acked_by = $2, acked_at = $3 WHERE id = $1 RETURNING *', [id, actor, at]);
      return rows[0] && alertFromRow(rows[0]);
    },
    async createWebhook(w) {
      await pool.query('INSERT INTO webhooks (id, url, format, kinds, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)', webhookValues(w));
    },
    async listWebhooks() {
      return (await pool.query<WebhookRow>('SELECT * FROM webhooks ORDER BY created_at')).rows.map(webhookFromRow);
    },
    async deleteWebhook(id) {
      return ((await pool.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0;
    },
    async claimDeliveries(now, leaseUntil, limit): Promise<OutboxItem[]> {
      // SKIP LOCKED: instances claiming at once each take different deliveries.
      const { rows } = await pool.query<DeliveryRow & WebhookRow & { delivery_id: string }>(
        `WITH due AS (
           SELECT id FROM webhook_deliveries
           WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
           ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
         ), leased AS (
           UPDATE webhook_deliveries d SET lease_until = $2 FROM due WHERE d.id = due.id RETURNING d.*
         )
         SELECT leased.id AS delivery_id, leased.*, w.* FROM leased JOIN webhooks w ON w.id = leased.webhook_id
         ORDER BY leased.next_attempt_at, leased.id`,
        [now, leaseUntil, limit],
      );
      return rows.map((r) => ({
        id: Number(r.delivery_id),
        webhook: webhookFromRow(r),
        alert: (typeof r.alert === 'string' ? JSON.parse(r.alert) : r.alert) as Alert,
        transition: r.transition,
        attempts: r.attempts,
      }));
    },
    async recordAttempt(deliveryId, attempt, outcome) {
      await inTransaction(pool, async (client) => {
        await client.query('INSERT INTO webhook_attempts (delivery_id, attempt, at, status, ok, answer) VALUES ($1, $2, $3, $4, $5, $6)', [
          deliveryId,
          attempt.attempt,
          attempt.at,
          attempt.status,
          attempt.ok,
          attempt.answer,
        ]);
        await client.query('UPDATE webhook_deliveries SET attempts = $2, state = $3, next_attempt_at = $4, lease_until = NULL WHERE id = $1', [
          deliveryId,
          attempt.attempt,
          outcome.state,
          outcome.state === 'pending' ? outcome.nextAttemptAt : null,
        ]);
      });
    },
    async listDeliveries(webhookId, limit): Promise<DeliveryView[]> {
      const { rows: deliveries } = await pool.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2', [
        webhookId,
        limit,
      ]);
      const { rows: attempts } = await pool.query<AttemptRow>('SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY attempt', [
        deliveries.map((d) => d.id),
      ]);
      return deliveriesFromRows(deliveries, attempts);
    },
    async noteGateReports(gateIds, at) {
      if (gateIds.length === 0) return;
      await pool.query(
        `INSERT INTO gate_reports (gate_id, last_at) SELECT g, $2 FROM unnest($1::text[]) AS g
         ON CONFLICT (gate_id) DO UPDATE SET last_at = greatest(gate_reports.last_at, excluded.last_at)`,
        [[...new Set(gateIds)], at],
      );
    },
    async gateReports() {
      const { rows } = await pool.query<{ gate_id: string; last_at: string }>('SELECT * FROM gate_reports');
      return Object.fromEntries(rows.map((r) => [r.gate_id, r.last_at]));
    },
  };
}

export function pgOperatorAudit(pool: Pool): OperatorAuditStore {
  return {
    async record(e) {
      await pool.query(
        `INSERT INTO operator_audit (after_seq, at, actor, action, subject, details)
         VALUES ((SELECT coalesce(max(seq), 0) FROM changes), $1, $2, $3, $4, $5)`,
        [e.at, e.actor, e.action, e.subject, JSON.stringify(e.details)],
      );
    },
    async list(q) {
      const where = ['true'];
      const params: unknown[] = [];
      const add = (sql: (n: number) => string, value: unknown) => {
        params.push(value);
        where.push(sql(params.length));
      };
      if (q.before) {
        params.push(q.before[0], q.before[1]);
        where.push(`(after_seq < $${params.length - 1} OR (after_seq = $${params.length - 1} AND id < $${params.length}))`);
      }
      if (q.actor) add((n) => `actor = $${n}`, q.actor);
      if (q.from) add((n) => `at >= $${n}`, q.from);
      if (q.to) add((n) => `at <= $${n}`, q.to);
      params.push(q.limit);
      const { rows } = await pool.query<OperatorRow>(
        `SELECT * FROM operator_audit WHERE ${where.join(' AND ')} ORDER BY after_seq DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(operatorEntryFromRow);
    },
  };
}
