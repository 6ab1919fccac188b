import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { signingInputSchema, type Signing } from '../../shared/signing.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { OpResults, UpdateSigningOp, VoidSigningOp } from '../store/operations.js';
import { editedSigning, inputOf, mayConfirm, mayEdit, mayVoid } from './revise.js';
import type { SigningDeps } from './routes.js';
import { perEvent } from '../event/current.js';

const reason = z.string().trim().min(1, 'required').max(500, 'at most 500 characters');
const version = z.number().int().positive();
const editMeta = z.object({ version, reason });
const voidBody = z.object({ reason, version: version.optional() }).strict();
const confirmBody = z.object({ version: version.optional(), reason: reason.optional() }).strict();

/** Edits, voids, verifications and releases: each one a new version through the group committer. */
export function correctionRoutes(deps: SigningDeps): Router {
  const { store, committer, event } = deps;
  const router = Router();
  const inputSchema = perEvent(event, signingInputSchema);

  const load = async (req: Request): Promise<Signing> => {
    const signing = await store.getSigning(String(req.params.id));
    if (!signing) throw new HttpError('not_found', 'no such signing');
    return signing;
  };

  const submit = async (op: UpdateSigningOp | VoidSigningOp): Promise<{ signing: Signing; seq: number }> => outcome(await committer.submit(op));

  router.patch('/signings/:id', requirePermission('signing:edit-own'), async (req, res) => {
    const { version: expected, reason: why, ...fields } = parseEditBody(req.body);
    const current = await load(req);
    if (!mayEdit(req.actor!, current)) throw new HttpError('forbidden', 'staff may edit only the signings they entered');
    if (current.status === 'voided') throw new HttpError('invalid_request', 'a voided signing cannot be edited');
    checkVersion(current, expected);
    const input = parseOrThrow(inputSchema(), { ...inputOf(current), ...fields });
    const next = editedSigning(current, input, event, deps.now(), { actor: req.actor!, counted: deps.counted() });
    res.json(await submit({ type: 'signing.update', expectedVersion: expected, signing: next, actor: req.actor!.name, reason: why }));
  });

  router.post('/signings/:id/void', requirePermission('signing:void-own'), async (req, res) => {
    const body = parseOrThrow(voidBody, req.body ?? {});
    const current = await load(req);
    const refusal = mayVoid(req.actor!, current, event, deps.now());
    if (refusal) throw new HttpError('forbidden', refusal);
    if (current.status === 'voided') throw new HttpError('invalid_request', 'the signing is voided already');
    const expected = body.version ?? current.version;
    checkVersion(current, expected);
    const at = deps.now().toISOString();
    res.json(await submit({ type: 'signing.void', id: current.id, expectedVersion: expected, at, actor: req.actor!.name, reason: body.reason }));
  });

  /** Verify a draft or release a held signing: a second person makes it count. */
  const confirm = (expected: 'draft' | 'held', verb: string) => async (req: Request, res: Response) => {
    const body = parseOrThrow(confirmBody, req.body ?? {});
    const current = await load(req);
    const refusal = mayConfirm(req.actor!, current, expected);
    if (refusal) throw new HttpError(current.status === expected ? 'forbidden' : 'invalid_request', refusal);
    const expectedVersion = body.version ?? current.version;
    checkVersion(current, expectedVersion);
    const { hold: _hold, ...rest } = current;
    const next: Signing = { ...rest, status: 'published', version: current.version + 1, updatedAt: deps.now().toISOString() };
    const why = body.reason ?? `${verb} by ${req.actor!.name}`;
    res.json(await submit({ type: 'signing.update', expectedVersion, signing: next, actor: req.actor!.name, reason: why }));
  };
  router.post('/signings/:id/verify', requirePermission('signing:verify'), confirm('draft', 'verified'));
  router.post('/signings/:id/release', requirePermission('signing:verify'), confirm('held', 'released'));

  return router;
}

function parseEditBody(body: unknown): { version: number; reason: string } & Record<string, unknown> {
  const meta = parseOrThrow(editMeta, body);
  return { ...(body as Record<string, unknown>), ...meta };
}

function checkVersion(current: Signing, expected: number): void {
  if (current.version !== expected) {
    throw new HttpError('version_conflict', `the signing is at version ${current.version}, not ${expected}: reload and try again`, {
      version: `now ${current.version}`,
    });
  }
}

function outcome(result: OpResults['signing.update']): { signing: Signing; seq: number } {
  switch (result.type) {
    case 'signing.revised':
      return { signing: result.signing, seq: result.seq };
    case 'version.conflict':
      throw new HttpError('version_conflict', `the signing is at version ${result.current.version}: reload and try again`, {
        version: `now ${result.current.version}`,
      });
    case 'signing.not-found':
      throw new HttpError('not_found', 'no such signing');
  }
}
