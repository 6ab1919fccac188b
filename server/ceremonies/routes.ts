import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import {
  ceremonyInputSchema,
  ceremonyListQuerySchema,
  emptyBodySchema,
  itemInputSchema,
  itemPatchSchema,
  MAX_ITEMS,
  type CeremonyPublic,
} from '../../shared/ceremonies.js';
import { localTime } from '../../shared/time.js';
import { requirePermission } from '../auth/middleware.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { callerKey } from '../signings/create.js';
import type { CeremonyDefinition } from '../store/ceremony-types.js';
import type { Store } from '../store/types.js';
import type { Actor } from '../auth/actor.js';
import { requireCeremonyRun } from './permission.js';
import { setStatus, signAll, signItem, undoItem, type SignDeps } from './sign.js';
import type { StageControl } from './stage.js';
import { ceremonyView, detailView, itemsView, loadCeremony, refOf } from './view.js';

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface CeremonyDeps extends SignDeps {
  store: Store;
  stage: StageControl;
  /** What `/live` says of a started ceremony now. */
  live: (id: string) => CeremonyPublic | null;
}

function idempotencyKey(req: Request): string {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (!key || key.length > 200) {
    throw new HttpError('invalid_request', `send a unique ${IDEMPOTENCY_HEADER} header (at most 200 characters)`, {
      [IDEMPOTENCY_HEADER]: 'required, at most 200 characters',
    });
  }
  return callerKey(req.actor!, key);
}

const param = (req: Request, name: string) => String(req.params[name]);

/** `/api/v1/ceremonies`: prepare a ceremony, run it on stage, undo a press. */
export function ceremonyRoutes(deps: CeremonyDeps): Router {
  const { store, event } = deps;
  const router = Router();
  const ceremonySchema = ceremonyInputSchema(event);
  const itemSchema = itemInputSchema(event);
  const patchSchema = itemPatchSchema(event);

  router.use('/ceremonies/operators', requirePermission('user:manage'));
  router.get('/ceremonies/operators', async (_req, res) => {
    res.json({ items: await store.ceremonies.listOperators() });
  });
  router.put('/ceremonies/operators/:userId', async (req, res) => {
    const user = await store.accounts.findUser(param(req, 'userId'));
    if (!user) throw new HttpError('not_found', 'no such user');
    await store.ceremonies.grantOperator(user.id, req.actor!.name, deps.now().toISOString());
    res.json({ userId: user.id, role: user.role });
  });
  router.delete('/ceremonies/operators/:userId', async (req, res) => {
    if (!(await store.ceremonies.revokeOperator(param(req, 'userId')))) throw new HttpError('not_found', 'not an operator');
    res.status(204).end();
  });

  router.use('/ceremonies', requireCeremonyRun(store));

  router.get('/ceremonies', async (req, res) => {
    const { day } = parseOrThrow(ceremonyListQuerySchema, req.query, 'query');
    const defs = (await store.ceremonies.listCeremonies()).filter((c) => !day || localTime(c.startsAt, event.timeZone).day === day);
    const items = await Promise.all(defs.map(async (d) => ceremonyView(d, await store.ceremonyRuns.state(d.id))));
    res.json({ items });
  });

  router.post('/ceremonies', async (req, res) => {
    const input = parseOrThrow(ceremonySchema, req.body);
    const at = deps.now().toISOString();
    const def: CeremonyDefinition = { id: randomUUID(), ...input, createdAt: at, createdBy: req.actor!.name, updatedAt: at };
    await store.ceremonies.createCeremony(def);
    res.status(201).json({ ceremony: ceremonyView(def, null) });
  });

  router.get('/ceremonies/:id', async (req, res) => {
    res.json(await detailView(store, param(req, 'id'), deps.live));
  });

  router.post('/ceremonies/:id/items', async (req, res) => {
    const { def } = await loadCeremony(store, param(req, 'id'));
    const input = parseOrThrow(itemSchema, req.body);
    if ((await store.ceremonies.listItems(def.id)).length >= MAX_ITEMS) throw new HttpError('conflict', `a ceremony holds at most ${MAX_ITEMS} items`);
    const at = deps.now().toISOString();
    const id = randomUUID();
    await store.ceremonies.addItems(def.id, [{ id, ceremonyId: def.id, input, createdAt: at, updatedAt: at }]);
    await announceCounts(deps, req.actor!, def);
    const [item] = (await itemsView(store, def.id, await store.ceremonies.listItems(def.id))).filter((i) => i.id === id);
    res.status(201).json({ item });
  });

  router.patch('/ceremonies/:id/items/:itemId', async (req, res) => {
    const { def } = await loadCeremony(store, param(req, 'id'));
    const itemId = param(req, 'itemId');
    const patch = parseOrThrow(patchSchema, req.body);
    await plannedItem(store, def.id, itemId);
    const at = deps.now().toISOString();
    if (patch.item) await store.ceremonies.updateItem(def.id, itemId, patch.item, at);
    if (patch.position !== undefined) await store.ceremonies.moveItem(def.id, itemId, patch.position, at);
    const [item] = (await itemsView(store, def.id, await store.ceremonies.listItems(def.id))).filter((i) => i.id === itemId);
    res.json({ item });
  });

  router.delete('/ceremonies/:id/items/:itemId', async (req, res) => {
    const { def } = await loadCeremony(store, param(req, 'id'));
    const itemId = param(req, 'itemId');
    await plannedItem(store, def.id, itemId);
    await store.ceremonies.deleteItem(def.id, itemId);
    await announceCounts(deps, req.actor!, def);
    res.status(204).end();
  });

  // Starting puts the ceremony on its stage screens; finishing takes it off.
  const transitions = [
    { action: 'start', status: 'running', stage: 'show' },
    { action: 'finish', status: 'finished', stage: 'clear' },
  ] as const;
  for (const { action, status, stage } of transitions) {
    router.post(`/ceremonies/:id/${action}`, async (req, res) => {
      parseOrThrow(emptyBodySchema, req.body ?? {});
      const { def } = await loadCeremony(store, param(req, 'id'));
      const items = await store.ceremonies.listItems(def.id);
      const seq = await setStatus(deps, req.actor!, refOf(def, items), status);
      await deps.stage[stage](def.id, def.stage);
      res.json({ ceremony: ceremonyView(def, await store.ceremonyRuns.state(def.id)), seq });
    });
  }

  router.post('/ceremonies/:id/items/:itemId/sign', async (req, res) => {
    const key = idempotencyKey(req);
    const { def } = await loadCeremony(store, param(req, 'id'));
    const items = await store.ceremonies.listItems(def.id);
    const item = items.find((i) => i.id === param(req, 'itemId'));
    if (!item) throw new HttpError('not_found', 'no such item in this ceremony');
    const { signing, seq, replayed } = await signItem(deps, req.actor!, refOf(def, items), item, key);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json({ signing, seq });
  });

  router.post('/ceremonies/:id/sign-all', async (req, res) => {
    const key = idempotencyKey(req);
    const { def } = await loadCeremony(store, param(req, 'id'));
    const items = await store.ceremonies.listItems(def.id);
    res.status(201).json(await signAll(deps, req.actor!, refOf(def, items), items, key));
  });

  router.post('/ceremonies/:id/items/:itemId/undo', async (req, res) => {
    parseOrThrow(emptyBodySchema, req.body ?? {});
    const { def } = await loadCeremony(store, param(req, 'id'));
    const items = await store.ceremonies.listItems(def.id);
    const itemId = param(req, 'itemId');
    if (!items.some((i) => i.id === itemId)) throw new HttpError('not_found', 'no such item in this ceremony');
    res.json(await undoItem(deps, req.actor!, refOf(def, items), itemId));
  });

  return router;
}

/** Signed items are the record of what happened on stage: undo them before changing them. */
async function plannedItem(store: Store, ceremonyId: string, itemId: string): Promise<void> {
  const items = await store.ceremonies.listItems(ceremonyId);
  if (!items.some((i) => i.id === itemId)) throw new HttpError('not_found', 'no such item in this ceremony');
  const signed = await store.ceremonyRuns.signedItems(ceremonyId);
  if (signed.some((s) => s.itemId === itemId)) throw new HttpError('conflict', 'this item is signed: undo it first');
}

/** A started ceremony's planned count moved: the screens hear it through the change log. */
export async function announceCounts(deps: CeremonyDeps, actor: Actor, def: CeremonyDefinition): Promise<void> {
  const state = await deps.store.ceremonyRuns.state(def.id);
  if (!state) return;
  await setStatus(deps, actor, refOf(def, await deps.store.ceremonies.listItems(def.id)), null);
}
