import { Router } from 'express';
import { alertListQuery, type GateBoardRow, type InstanceHealth, type OpsBoard, type ScreenCounts } from '../../shared/alerts.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { ScreenInfo } from '../../shared/fleet.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { auditOperator } from '../ops/audit.js';
import type { AlertCenter } from './center.js';
import type { GateWatch } from './gates.js';
import { latestScreens } from './rules.js';
import type { AppParts } from '../app-parts.js';

export interface AlertRouteDeps extends Pick<AppParts, 'store' | 'now'> {
  center: AlertCenter;
  gates: GateWatch;
  event: () => EventConfig;
  screens: () => Promise<ScreenInfo[]>;
  instances: () => Promise<InstanceHealth[]>;
  gateSilentMinutes: () => number;
}

/** Alerts listed at most by `state=all`. */
const LISTED = 500;

export function alertRoutes(deps: AlertRouteDeps): Router {
  const router = Router();

  router.get('/alerts', requirePermission('alert:read'), async (req, res) => {
    const { state } = parseOrThrow(alertListQuery, req.query, 'query');
    const stored = await deps.store.alerts.list(state, LISTED);
    const ids = new Set(stored.map((a) => a.id));
    res.json({ items: [...deps.center.unsaved().filter((a) => !ids.has(a.id)), ...stored] });
  });

  router.post('/alerts/:id/ack', requirePermission('alert:ack'), async (req, res) => {
    const alert = await deps.center.ack(String(req.params['id']), req.actor!.name);
    if (!alert) throw new HttpError('not_found', 'no such alert');
    await auditOperator(deps.store, { actor: req.actor!.name, action: 'alert.acked', subject: alert.id, details: { kind: alert.kind, subject: alert.subject }, at: alert.ackedAt! });
    res.json({ alert });
  });

  router.get('/ops/board', requirePermission('alert:read'), async (_req, res) => {
    const [screens, instances] = await Promise.all([deps.screens(), deps.instances()]);
    res.json(board(deps, screens, instances));
  });

  return router;
}

function board(deps: AlertRouteDeps, screens: ScreenInfo[], instances: InstanceHealth[]): OpsBoard {
  const nowMs = deps.now().getTime();
  const event = deps.event();
  const last = deps.gates.lastReports;
  const silentMs = deps.gateSilentMinutes() * 60_000;
  const gates: GateBoardRow[] = event.venues.flatMap((v) =>
    v.gates.map((g) => {
      const at = last[g.id] ?? null;
      const ageMs = at === null ? null : Math.max(0, nowMs - Date.parse(at));
      return {
        gateId: g.id,
        venueId: v.id,
        name: g.name,
        lastReportAt: at,
        ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000),
        entriesPerMinute: deps.gates.entriesPerMinute(g.id),
        silent: ageMs === null || ageMs >= silentMs,
      };
    }),
  );
  const counts: Record<string, ScreenCounts> = {};
  for (const s of latestScreens(screens)) {
    const c = (counts[s.venue ?? '-'] ??= { online: 0, stale: 0, offline: 0 });
    c[s.status] += 1;
  }
  return { at: new Date(nowMs).toISOString(), gates, screens: counts, instances, openAlerts: deps.center.open() };
}
