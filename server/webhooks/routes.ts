import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { webhookInputSchema, type WebhookView } from '../../shared/alerts.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { auditOperator } from '../ops/audit.js';
import type { WebhookRecord } from '../store/alert-types.js';
import type { Store } from '../store/types.js';

const DELIVERIES_LISTED = 100;

/** Robot URLs carry their access key in the query (WeCom `key`, DingTalk `access_token`): listed masked. */
export function maskedUrl(url: string): string {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '***');
  return u.toString();
}

function view(w: WebhookRecord): WebhookView {
  return { id: w.id, url: maskedUrl(w.url), format: w.format, kinds: w.kinds, hasSecret: w.secret !== null, createdAt: w.createdAt, createdBy: w.createdBy };
}

export function webhookRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  router.use('/webhooks', requirePermission('webhook:manage'));

  router.post('/webhooks', async (req, res) => {
    const input = parseOrThrow(webhookInputSchema, req.body);
    const record: WebhookRecord = {
      id: randomUUID(),
      url: input.url,
      format: input.format,
      kinds: input.kinds ?? null,
      secret: input.secret ?? null,
      createdAt: now().toISOString(),
      createdBy: req.actor!.name,
    };
    await store.alerts.createWebhook(record);
    await auditOperator(store, { actor: req.actor!.name, action: 'webhook.created', subject: record.id, details: { url: maskedUrl(record.url), format: record.format, kinds: record.kinds }, at: record.createdAt });
    res.status(201).json({ webhook: view(record) });
  });

  router.get('/webhooks', async (_req, res) => {
    res.json({ items: (await store.alerts.listWebhooks()).map(view) });
  });

  router.delete('/webhooks/:id', async (req, res) => {
    if (!(await store.alerts.deleteWebhook(String(req.params['id'])))) throw new HttpError('not_found', 'no such webhook');
    await auditOperator(store, { actor: req.actor!.name, action: 'webhook.deleted', subject: String(req.params['id']), details: {}, at: now().toISOString() });
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const id = String(req.params['id']);
    if (!(await store.alerts.listWebhooks()).some((w) => w.id === id)) throw new HttpError('not_found', 'no such webhook');
    res.json({ items: await store.alerts.listDeliveries(id, DELIVERIES_LISTED) });
  });

  return router;
}
