import { z } from 'zod';
import { loginSchema, tokenRequestSchema, userRequestSchema } from '../../shared/accounts.js';
import { alertListQuery, webhookInputSchema } from '../../shared/alerts.js';
import { ceremonyInputSchema, ceremonyListQuerySchema, emptyBodySchema, itemInputSchema, itemPatchSchema } from '../../shared/ceremonies.js';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.js';
import type { EventConfig } from '../../shared/event-config.js';
import { fleetRequestSchema, pairRequestSchema, scheduleRequestSchema } from '../../shared/fleet-schemas.js';
import { goLiveSchema, signingsQuerySchema, summaryQuerySchema } from '../../shared/organizer.js';
import { publicEventSchema, publicSigningSchema, publicSummarySchema } from '../../shared/public.js';
import { PERMISSIONS, type Permission } from '../../shared/roles.js';
import { signingInputSchema } from '../../shared/signing.js';
import { gateHourCorrectionSchema, scanSchema } from '../attendance/schemas.js';
import { editionSchema } from '../../shared/editions.js';
import { eventConfigSchema } from '../../shared/event-config.js';

/** Who may call an operation: anyone, anyone with more for staff, or the roles of a permission. */
type Access = 'public' | 'optional' | 'session' | Permission;
type Body = z.ZodType | 'csv' | 'object';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: Body;
  query?: z.ZodObject;
  ok?: { status: number; body?: Body; description?: string };
  /** Error codes beyond those that follow from access and body. */
  errors?: ErrorCode[];
  /** Answers 304 to If-None-Match, with cache headers. */
  cached?: boolean;
}

const signingAnswer = z.object({ signing: z.object({}).loose(), seq: z.number().int() }).meta({ description: 'a signing (staff see every field) and the seq of its change' });
const list = z.object({ items: z.array(z.object({}).loose()), nextCursor: z.string().nullable() });
const signingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  includeUncounted: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional().meta({ description: 'staff only: title, investor or partner contains this' }),
});
const attendanceAnswer = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string(), code: z.enum(['clock_ahead', 'too_old', 'over_gate_rate']), message: z.string(), error: z.string() })),
  notes: z.array(z.object({ index: z.number().int(), note: z.string() })).optional(),
});
const versioned = z.object({ version: z.number().int().positive(), reason: z.string().min(1).max(500) }).loose();

/** Every HTTP route of Pavilion. tests/integration/openapi.test.ts holds it to the routes the server registers. */
function operations(event: EventConfig): Operation[] {
  return [
    { method: 'get', path: '/healthz', summary: 'Liveness: the process answers', tag: 'health', access: 'public' },
    { method: 'get', path: '/readyz', summary: 'Readiness: database and writes work', tag: 'health', access: 'public', errors: ['unavailable'] },
    { method: 'get', path: '/api/v1/health', summary: 'Version and uptime', tag: 'health', access: 'public' },
    { method: 'get', path: '/api/v1/public/summary', summary: 'Live figures for the public (cacheable, CORS)', tag: 'public', access: 'public', cached: true, ok: { status: 200, body: publicSummarySchema } },
    { method: 'get', path: '/api/v1/public/event', summary: 'Names, dates, venues and targets for the public (cacheable, CORS)', tag: 'public', access: 'public', cached: true, ok: { status: 200, body: publicEventSchema } },
    { method: 'get', path: '/api/v1/event', summary: 'The stored event with its version, as the screens read it', tag: 'event', access: 'public' },
    { method: 'put', path: '/api/v1/event', summary: 'Replace the event (whole event plus the version read); screens hear event:updated', tag: 'event', access: 'event:manage', body: eventConfigSchema, errors: ['version_conflict', 'conflict', 'unavailable'] },
    { method: 'get', path: '/api/v1/exhibitors', summary: 'The imported exhibitor list and its counts', tag: 'event', access: 'organizer:read' },
    { method: 'post', path: '/api/v1/exhibitors/import', summary: 'Replace the exhibitor list from CSV or XLSX (?dryRun=true to check only)', tag: 'event', access: 'event:manage', body: 'csv', errors: ['unavailable'] },
    { method: 'get', path: '/api/v1/editions', summary: 'Archived editions', tag: 'event', access: 'organizer:read' },
    { method: 'post', path: '/api/v1/editions', summary: 'Import an edition archive file', tag: 'event', access: 'event:manage', body: editionSchema, errors: ['conflict'] },
    { method: 'post', path: '/api/v1/editions/archive', summary: 'Archive the running edition (read-only)', tag: 'event', access: 'event:manage', errors: ['conflict'] },
    { method: 'get', path: '/api/v1/editions/{id}', summary: 'One archived edition with its hourly figures', tag: 'event', access: 'organizer:read', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/editions/{id}/points', summary: "An archived edition's cumulative signings by event day and hour, for the display's comparison line", tag: 'event', access: 'public', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/editions/{id}/compare', summary: 'This edition against an archived one at the same event day and hour (?day=&hour=)', tag: 'event', access: 'organizer:read', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/summary', summary: 'The screens’ summary (all breakdowns)', tag: 'event', access: 'public', cached: true },
    { method: 'get', path: '/api/v1/openapi.json', summary: 'This document', tag: 'meta', access: 'public' },
    { method: 'get', path: '/api/v1/asyncapi.json', summary: 'The Socket.IO namespaces /live and /fleet as AsyncAPI', tag: 'meta', access: 'public' },
    { method: 'post', path: '/api/v1/auth/login', summary: 'Log in: sets the session cookie', tag: 'auth', access: 'public', body: loginSchema, errors: ['unauthenticated', 'rate_limited'] },
    { method: 'post', path: '/api/v1/auth/logout', summary: 'Log out (X-CSRF-Token with the cookie)', tag: 'auth', access: 'session', ok: { status: 204 } },
    { method: 'get', path: '/api/v1/auth/me', summary: 'Who is logged in, and the CSRF token', tag: 'auth', access: 'session' },
    { method: 'post', path: '/api/v1/tokens', summary: 'Issue a bearer token', tag: 'auth', access: 'token:manage', body: tokenRequestSchema, ok: { status: 201 } },
    { method: 'get', path: '/api/v1/tokens', summary: 'List tokens', tag: 'auth', access: 'token:manage' },
    { method: 'delete', path: '/api/v1/tokens/{id}', summary: 'Revoke a token', tag: 'auth', access: 'token:manage', ok: { status: 204 }, errors: ['not_found'] },
    { method: 'get', path: '/api/v1/users', summary: 'List users', tag: 'users', access: 'user:manage' },
    { method: 'post', path: '/api/v1/users', summary: 'Create a user', tag: 'users', access: 'user:manage', body: userRequestSchema, ok: { status: 201 }, errors: ['conflict'] },
    { method: 'patch', path: '/api/v1/users/{id}', summary: 'Change a user’s role, password or state', tag: 'users', access: 'user:manage', body: 'object', errors: ['not_found'] },
    { method: 'post', path: '/api/v1/signings', summary: 'Record a signing (Idempotency-Key header)', tag: 'signings', access: 'signing:create', body: signingInputSchema(event), ok: { status: 201, body: signingAnswer }, errors: ['idempotency_mismatch', 'unavailable'] },
    { method: 'get', path: '/api/v1/signings', summary: 'Signings, newest first (drafts and voided ones for staff)', tag: 'signings', access: 'optional', query: signingsQuery, cached: true, ok: { status: 200, body: list } },
    { method: 'get', path: '/api/v1/signings/duplicates', summary: 'Likely duplicates of a new entry: same investor and partner, amount within 1 %, last 24 hours', tag: 'signings', access: 'signing:create' },
    { method: 'get', path: '/api/v1/signings/template.csv', summary: 'Import template as CSV (Chinese and English headers)', tag: 'signings', access: 'signing:import', ok: { status: 200, body: 'csv' } },
    { method: 'get', path: '/api/v1/signings/template.xlsx', summary: 'Import template as XLSX (Chinese and English headers)', tag: 'signings', access: 'signing:import' },
    { method: 'get', path: '/api/v1/signings/{id}', summary: 'One signing', tag: 'signings', access: 'optional', cached: true, errors: ['not_found'] },
    { method: 'patch', path: '/api/v1/signings/{id}', summary: 'Correct a signing (version and reason)', tag: 'signings', access: 'signing:edit-own', body: versioned, ok: { status: 200, body: signingAnswer }, errors: ['not_found', 'version_conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/signings/{id}/void', summary: 'Void a signing (staff: their own, within staffVoidMinutes)', tag: 'signings', access: 'signing:void-own', body: 'object', ok: { status: 200, body: signingAnswer }, errors: ['not_found', 'version_conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/signings/{id}/verify', summary: 'Confirm another person’s draft', tag: 'signings', access: 'signing:verify', body: 'object', ok: { status: 200, body: signingAnswer }, errors: ['not_found', 'version_conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/signings/{id}/release', summary: 'Release a held signing after review', tag: 'signings', access: 'signing:verify', body: 'object', ok: { status: 200, body: signingAnswer }, errors: ['not_found', 'version_conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/signings/import', summary: 'Import signings from CSV (?dryRun=true to check only)', tag: 'signings', access: 'signing:import', body: 'csv', errors: ['conflict', 'unavailable'] },
    { method: 'get', path: '/api/v1/signings.csv', summary: 'Export signings as CSV', tag: 'signings', access: 'signing:export', ok: { status: 200, body: 'csv' } },
    { method: 'get', path: '/api/v1/audit', summary: 'The audit log', tag: 'audit', access: 'audit:read' },
    { method: 'post', path: '/api/v1/attendance/counts', summary: 'Gate counts (one report or {counts: [...]})', tag: 'attendance', access: 'attendance:report', body: 'object', ok: { status: 202, body: attendanceAnswer }, errors: ['unknown_gate', 'unavailable'] },
    { method: 'post', path: '/api/v1/attendance/scans', summary: 'Badge scans (one scan or {scans: [...]})', tag: 'attendance', access: 'attendance:report', body: z.union([scanSchema, z.object({ scans: z.array(scanSchema) })]), ok: { status: 202, body: attendanceAnswer }, errors: ['unknown_gate', 'unavailable'] },
    { method: 'put', path: '/api/v1/attendance/gates/{gateId}/hours/{hour}', summary: 'Correct a gate’s hour, with a reason', tag: 'attendance', access: 'attendance:correct', body: gateHourCorrectionSchema, errors: ['unknown_gate', 'unavailable'] },
    { method: 'get', path: '/api/v1/rehearsal', summary: 'Whether the rehearsal data set is active', tag: 'organizer', access: 'public' },
    { method: 'post', path: '/api/v1/rehearsal/go-live', summary: 'End the rehearsal and go live', tag: 'organizer', access: 'rehearsal:manage', body: goLiveSchema, errors: ['conflict'] },
    { method: 'get', path: '/api/v1/organizer/summary', summary: 'Filtered figures, or figures at a past time', tag: 'organizer', access: 'organizer:read', query: summaryQuerySchema },
    { method: 'get', path: '/api/v1/organizer/signings', summary: 'Filtered, sorted signings', tag: 'organizer', access: 'organizer:read', query: signingsQuerySchema },
    { method: 'get', path: '/api/v1/organizer/export/signings.csv', summary: 'Report: signings', tag: 'organizer', access: 'organizer:read', ok: { status: 200, body: 'csv' } },
    { method: 'get', path: '/api/v1/organizer/export/attendance.csv', summary: 'Report: attendance', tag: 'organizer', access: 'organizer:read', ok: { status: 200, body: 'csv' } },
    { method: 'get', path: '/api/v1/organizer/export/audit.csv', summary: 'Report: audit log', tag: 'organizer', access: 'organizer:read', ok: { status: 200, body: 'csv' } },
    { method: 'get', path: '/api/v1/alerts', summary: 'Alerts, open or all', tag: 'alerts', access: 'alert:read', query: alertListQuery },
    { method: 'post', path: '/api/v1/alerts/{id}/ack', summary: 'Acknowledge an alert', tag: 'alerts', access: 'alert:ack', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/ops/board', summary: 'The operations board', tag: 'alerts', access: 'alert:read' },
    { method: 'post', path: '/api/v1/webhooks', summary: 'Add a webhook for alerts', tag: 'alerts', access: 'webhook:manage', body: webhookInputSchema, ok: { status: 201 } },
    { method: 'get', path: '/api/v1/webhooks', summary: 'List webhooks', tag: 'alerts', access: 'webhook:manage' },
    { method: 'delete', path: '/api/v1/webhooks/{id}', summary: 'Remove a webhook', tag: 'alerts', access: 'webhook:manage', ok: { status: 204 }, errors: ['not_found'] },
    { method: 'get', path: '/api/v1/webhooks/{id}/deliveries', summary: 'A webhook’s recent deliveries', tag: 'alerts', access: 'webhook:manage', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/ceremonies/operators', summary: 'Who may run ceremonies', tag: 'ceremonies', access: 'user:manage' },
    { method: 'put', path: '/api/v1/ceremonies/operators/{userId}', summary: 'Let a user run ceremonies', tag: 'ceremonies', access: 'user:manage', errors: ['not_found'] },
    { method: 'delete', path: '/api/v1/ceremonies/operators/{userId}', summary: 'Stop a user running ceremonies', tag: 'ceremonies', access: 'user:manage', errors: ['not_found'] },
    { method: 'get', path: '/api/v1/ceremonies', summary: 'Ceremonies of a day', tag: 'ceremonies', access: 'ceremony:run', query: ceremonyListQuerySchema },
    { method: 'post', path: '/api/v1/ceremonies', summary: 'Prepare a signing ceremony', tag: 'ceremonies', access: 'ceremony:run', body: ceremonyInputSchema(event), ok: { status: 201 } },
    { method: 'get', path: '/api/v1/ceremonies/{id}', summary: 'A ceremony and its run sheet', tag: 'ceremonies', access: 'ceremony:run', errors: ['not_found'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/items', summary: 'Add an item to the run sheet', tag: 'ceremonies', access: 'ceremony:run', body: itemInputSchema(event), ok: { status: 201 }, errors: ['not_found', 'version_conflict', 'conflict'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/items/import', summary: 'Import run-sheet items from CSV or XLSX (?dryRun=true)', tag: 'ceremonies', access: 'ceremony:run', body: 'csv', errors: ['not_found', 'unsupported_media_type'] },
    { method: 'patch', path: '/api/v1/ceremonies/{id}/items/{itemId}', summary: 'Change a run-sheet item', tag: 'ceremonies', access: 'ceremony:run', body: itemPatchSchema(event), errors: ['not_found', 'version_conflict', 'conflict'] },
    { method: 'delete', path: '/api/v1/ceremonies/{id}/items/{itemId}', summary: 'Remove a run-sheet item', tag: 'ceremonies', access: 'ceremony:run', errors: ['not_found', 'conflict'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/start', summary: 'Start the ceremony: screens go on stage', tag: 'ceremonies', access: 'ceremony:run', body: emptyBodySchema, errors: ['not_found', 'conflict'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/finish', summary: 'Finish the ceremony', tag: 'ceremonies', access: 'ceremony:run', body: emptyBodySchema, errors: ['not_found', 'conflict'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/items/{itemId}/sign', summary: 'Sign one item: it becomes a published signing', tag: 'ceremonies', access: 'ceremony:run', body: 'object', errors: ['not_found', 'conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/sign-all', summary: 'Sign every remaining item', tag: 'ceremonies', access: 'ceremony:run', body: 'object', errors: ['not_found', 'conflict', 'unavailable'] },
    { method: 'post', path: '/api/v1/ceremonies/{id}/items/{itemId}/undo', summary: 'Undo a signed item', tag: 'ceremonies', access: 'ceremony:run', body: emptyBodySchema, errors: ['not_found', 'conflict', 'unavailable'] },
    { method: 'get', path: '/api/v1/fleet/screens', summary: 'The screen fleet', tag: 'fleet', access: 'fleet:manage' },
    { method: 'get', path: '/api/v1/fleet/assignments', summary: 'Stored profiles and messages', tag: 'fleet', access: 'fleet:manage' },
    { method: 'post', path: '/api/v1/fleet/commands', summary: 'Send a command to a screen, a venue or all', tag: 'fleet', access: 'fleet:manage', body: fleetRequestSchema },
    { method: 'put', path: '/api/v1/fleet/schedules', summary: 'Set the scene schedule of a screen, a venue or all', tag: 'fleet', access: 'fleet:manage', body: scheduleRequestSchema },
    { method: 'post', path: '/api/v1/fleet/pair', summary: 'Pair a screen by the code it shows; issues its display token', tag: 'fleet', access: 'fleet:manage', body: pairRequestSchema, errors: ['not_found', 'rate_limited'] },
  ];
}

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) for a zod schema, as a request reads it or a response is written. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' }) as Record<string, unknown>;
  return rest;
}

const content = (body: Body, io: 'input' | 'output') =>
  body === 'csv'
    ? { 'text/csv': { schema: { type: 'string' } } }
    : { 'application/json': { schema: body === 'object' ? { type: 'object' } : jsonSchema(body, io) } };

const ERROR_REF = { $ref: '#/components/schemas/Error' };

function errorsOf(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? []);
  if (op.access !== 'public' && op.access !== 'optional') codes.add('unauthenticated');
  if (op.access !== 'public' && op.access !== 'optional' && op.access !== 'session') codes.add('forbidden');
  if (op.access === 'optional' && op.query) (['unauthenticated', 'forbidden'] as const).forEach((c) => codes.add(c));
  if (op.method !== 'get' && op.access !== 'public') codes.add('csrf_failed');
  if (op.body || op.query || op.path.includes('{')) codes.add('invalid_request');
  if (op.body && op.body !== 'csv') (['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const).forEach((c) => codes.add(c));
  if (op.body === 'csv') codes.add('payload_too_large');
  codes.add('internal');
  return [...codes];
}

function responses(op: Operation): Record<string, unknown> {
  const ok = op.ok ?? { status: 200, body: 'object' as const };
  const answers: Record<string, unknown> = {
    [ok.status]: {
      description: ok.description ?? 'success',
      ...(ok.body ? { content: content(ok.body, 'output') } : {}),
      ...(op.cached ? { headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } } } : {}),
    },
  };
  if (op.cached) answers['304'] = { description: 'not modified: the If-None-Match tag is current' };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(op)) byStatus.set(ERROR_CODES[code], [...(byStatus.get(ERROR_CODES[code]) ?? []), code]);
  for (const [status, codes] of byStatus) {
    answers[status] = { description: `error: ${codes.join(', ')}`, content: { 'application/json': { schema: ERROR_REF } } };
  }
  return answers;
}

function parameters(op: Operation): unknown[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = op.query
    ? Object.entries((jsonSchema(op.query, 'input').properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
    : [];
  const conditional = op.cached ? [{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }] : [];
  const idempotency = op.path === '/api/v1/signings' && op.method === 'post' ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }] : [];
  return [...path, ...query, ...conditional, ...idempotency];
}

function security(access: Access): unknown[] | undefined {
  if (access === 'public') return [];
  if (access === 'optional') return [{}, { bearer: [] }, { session: [] }];
  if (access === 'session') return [{ session: [] }, { bearer: [] }];
  return [{ bearer: [] }, { session: [] }];
}

function describeAccess(access: Access): string {
  if (access === 'public' || access === 'optional' || access === 'session') return '';
  return ` Roles: ${PERMISSIONS[access].join(', ')} (${access}).`;
}

/** The OpenAPI 3.1 description of Pavilion's HTTP API, generated from the shared zod schemas. */
export function openApiDocument(event: EventConfig, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations(event)) {
    const params = parameters(op);
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: `${op.summary}.${describeAccess(op.access)}`,
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      tags: [op.tag],
      security: security(op.access),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: content(op.body, 'input') } } : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pavilion',
      version,
      description: 'Live totals of an expo: signings, attendance and screens. Errors are `{ error: { code, message, fields } }` with a code from a closed list. Socket.IO namespaces: see /api/v1/asyncapi.json.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(operations(event).map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token `pvl_…` issued by an admin (POST /api/v1/tokens).' },
        session: { type: 'apiKey', in: 'cookie', name: 'pavilion_session', description: 'The browser session from POST /api/v1/auth/login; writes also need the X-CSRF-Token header.' },
      },
      schemas: {
        Error: jsonSchema(errorBodySchema, 'output'),
        PublicSummary: jsonSchema(publicSummarySchema, 'output'),
        PublicEvent: jsonSchema(publicEventSchema, 'output'),
        PublicSigning: jsonSchema(publicSigningSchema, 'output'),
        SigningInput: jsonSchema(signingInputSchema(event), 'input'),
      },
    },
  };
}

/** shared/errors.ts's ErrorBody as a schema: the codes are the closed list. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    fieldCodes: z.record(z.string(), z.string()).optional(),
  }),
});
