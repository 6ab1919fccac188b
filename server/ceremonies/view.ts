import type { Ceremony, CeremonyDetail, CeremonyItem, CeremonyPublic } from '../../shared/ceremonies.js';
import { HttpError } from '../http/errors.js';
import type { CeremonyDefinition, CeremonyRef, CeremonyState, ItemDefinition } from '../store/ceremony-types.js';
import type { Store } from '../store/types.js';

/** A ceremony as the API shows it: its definition with what happened on stage in this data set. */
export function ceremonyView(def: CeremonyDefinition, state: CeremonyState | null): Ceremony {
  return {
    ...def,
    status: state?.status ?? 'planned',
    startedAt: state?.startedAt ?? null,
    finishedAt: state?.finishedAt ?? null,
  };
}

export async function loadCeremony(store: Store, id: string): Promise<{ def: CeremonyDefinition; state: CeremonyState | null }> {
  const def = await store.ceremonies.getCeremony(id);
  if (!def) throw new HttpError('not_found', 'no such ceremony');
  return { def, state: await store.ceremonyRuns.state(id) };
}

export function refOf(def: CeremonyDefinition, items: readonly ItemDefinition[]): CeremonyRef {
  return { id: def.id, title: def.title, items: items.length };
}

/** The run-sheet: every item, with the signing a signed one became (as it is now). */
export async function itemsView(store: Store, ceremonyId: string, defs: readonly ItemDefinition[]): Promise<CeremonyItem[]> {
  const signed = new Map((await store.ceremonyRuns.signedItems(ceremonyId)).map((s) => [s.itemId, s]));
  return Promise.all(
    defs.map(async (d): Promise<CeremonyItem> => {
      const s = signed.get(d.id);
      const signing = s ? await store.getSigning(s.signingId) : undefined;
      return {
        id: d.id,
        ceremonyId: d.ceremonyId,
        position: d.position,
        input: d.input,
        status: s ? 'signed' : 'planned',
        signingId: s?.signingId ?? null,
        signedAt: s?.signedAt ?? null,
        ...(signing ? { signing } : {}),
        updatedAt: d.updatedAt,
      };
    }),
  );
}

export async function detailView(store: Store, id: string, live: (id: string) => CeremonyPublic | null): Promise<CeremonyDetail> {
  const { def, state } = await loadCeremony(store, id);
  const defs = await store.ceremonies.listItems(id);
  return { ceremony: ceremonyView(def, state), items: await itemsView(store, id, defs), live: live(id) };
}
