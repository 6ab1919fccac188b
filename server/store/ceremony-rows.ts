import type { ItemInput } from '../../shared/ceremonies.js';
import type { ItemDefinition } from './ceremony-types.js';
import { parsed, type Json } from './json-column.js';

/** The ceremony_items table as both databases return it. */
export interface ItemRow {
  id: string;
  ceremony_id: string;
  position: number;
  data: Json<ItemInput>;
  created_at: string;
  updated_at: string;
}

export const toItem = (r: ItemRow): ItemDefinition => ({
  id: r.id,
  ceremonyId: r.ceremony_id,
  position: r.position,
  input: parsed(r.data),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
