import type { Request, RequestHandler, Response } from 'express';
import type { OperatorAction } from '../../shared/operator-audit.js';
import type { Store } from '../store/types.js';

export interface OperatorAuditInput {
  /** Username or token label. */
  actor: string;
  action: OperatorAction;
  subject: string;
  /** What was asked for; never a password, token or secret. */
  details: Record<string, unknown>;
  /** ISO time, from the app's clock. */
  at: string;
}

/**
 * Writes one operator action to the audit log (`GET /api/v1/audit`, type `operator`). For
 * features that change things outside the change log: call it once the change is stored.
 */
export function auditOperator(store: Pick<Store, 'operatorAudit'>, entry: OperatorAuditInput): Promise<void> {
  return store.operatorAudit.record(entry);
}

interface Audited {
  method: string;
  path: RegExp;
  action: OperatorAction;
  subject: (req: Request, answer: unknown, match: RegExpExecArray) => string;
  details: (req: Request, answer: unknown) => Record<string, unknown>;
}

type Body = Record<string, unknown>;
const body = (req: Request): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
const field = (value: unknown, name: string): unknown => (value && typeof value === 'object' ? (value as Body)[name] : undefined);

/** Routes of other features whose successful answers are operator actions. */
const AUDITED: Audited[] = [
  {
    method: 'POST',
    path: /^\/fleet\/commands$/,
    action: 'fleet.command',
    subject: (req) => {
      const target = field(body(req), 'target');
      const type = String(field(target, 'type') ?? '');
      const id = field(target, 'id') ?? field(target, 'venueId') ?? field(target, 'screenId');
      return id === undefined ? type : `${type}:${String(id)}`;
    },
    details: (req, answer) => ({ target: body(req)['target'], command: body(req)['command'], reached: field(answer, 'reached') }),
  },
  {
    method: 'POST',
    path: /^\/tokens$/,
    action: 'token.created',
    subject: (_req, answer) => String(field(answer, 'id') ?? ''),
    details: (_req, answer) => ({ role: field(answer, 'role'), label: field(answer, 'label'), scope: field(answer, 'scope') }),
  },
  { method: 'DELETE', path: /^\/tokens\/([^/]+)$/, action: 'token.revoked', subject: (_req, _a, m) => decodeURIComponent(m[1]!), details: () => ({}) },
  {
    method: 'POST',
    path: /^\/users$/,
    action: 'user.created',
    subject: (_req, answer) => String(field(field(answer, 'user'), 'username') ?? ''),
    details: (_req, answer) => ({ id: field(field(answer, 'user'), 'id'), role: field(field(answer, 'user'), 'role') }),
  },
  {
    method: 'PATCH',
    path: /^\/users\/([^/]+)$/,
    action: 'user.updated',
    subject: (_req, answer, m) => String(field(field(answer, 'user'), 'username') ?? decodeURIComponent(m[1]!)),
    details: (req) => {
      const b = body(req);
      return {
        ...(b['role'] !== undefined ? { role: b['role'] } : {}),
        ...(b['disabled'] !== undefined ? { disabled: b['disabled'] } : {}),
        ...(b['password'] !== undefined ? { passwordChanged: true } : {}),
      };
    },
  },
];

/**
 * Records the operator actions of other features' routes once they succeeded, without
 * touching those routes: the answer body is kept as it is sent, and the entry written when
 * the response is finished. Mounted on the API router after authentication.
 */
export function operatorAuditTrail(store: Store, now: () => Date, onError: (error: unknown) => void): RequestHandler {
  return (req, res, next) => {
    const route = AUDITED.find((r) => r.method === req.method && r.path.test(req.path));
    if (!route) return next();
    const match = route.path.exec(req.path)!;
    let answer: unknown;
    const json = res.json.bind(res);
    res.json = (value: unknown) => {
      answer = value;
      return json(value);
    };
    res.once('finish', () => void record(res, req, route, match, () => answer, store, now).catch(onError));
    next();
  };
}

async function record(res: Response, req: Request, route: Audited, match: RegExpExecArray, answer: () => unknown, store: Store, now: () => Date): Promise<void> {
  if (res.statusCode < 200 || res.statusCode >= 300 || !req.actor) return;
  await auditOperator(store, {
    actor: req.actor.name,
    action: route.action,
    subject: route.subject(req, answer(), match),
    details: route.details(req, answer()),
    at: now().toISOString(),
  });
}
