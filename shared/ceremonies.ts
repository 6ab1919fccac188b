/**
 * Signing ceremonies (集中签约仪式): contracts prepared in advance as planned items, signed one
 * after another on a stage. The HTTP contract of `/api/v1/ceremonies` and the public state
 * `/live` carries (docs/CEREMONIES.md).
 *
 * A planned item is confidential until it is signed: its details never reach `/live`, the
 * anonymous API or any screen. Once signed it is an ordinary signing.
 */
import { z } from 'zod';
import type { EventConfig } from './event-config.js';
import type { LocalizedName } from './event-config.js';
import { signingInputSchema, type PublicSigning, type Signing, type SigningInput } from './signing.js';

/** How long after signing an item may be undone on stage; later, void the signing instead. */
export const UNDO_WINDOW_MS = 2 * 60_000;
/** The reason the audit log keeps for a signing undone on stage. */
export const UNDO_REASON = 'undone on stage';
/** Items one ceremony may hold: a stage signs dozens, never thousands. */
export const MAX_ITEMS = 500;
/** Ceremonies `/live` carries: every running one, and the latest finished ones up to this many in all. */
export const LIVE_CEREMONIES = 8;

export type CeremonyStatus = 'planned' | 'running' | 'finished';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const title = z.object({ zh: text(200), en: text(200) }).strict();
const instant = z.iso.datetime({ offset: true, message: 'ISO 8601 date and time with offset' });

/** The screens forming a ceremony's stage: every screen of some venues, and named screens of the fleet. */
export interface StageScreens {
  venues: string[];
  screens: string[];
}

function stageSchema(event: EventConfig) {
  const venueIds = event.venues.map((v) => v.id);
  return z
    .object({
      venues: z.array(z.string().refine((v) => venueIds.includes(v), 'unknown venue')).max(20).default([]),
      screens: z.array(text(100)).max(200).default([]),
    })
    .strict();
}

/** `POST /api/v1/ceremonies`. */
export function ceremonyInputSchema(event: EventConfig) {
  const venueIds = event.venues.map((v) => v.id);
  return z
    .object({
      title,
      venueId: z.string().refine((v) => venueIds.includes(v), 'unknown venue'),
      startsAt: instant,
      stage: stageSchema(event).default({ venues: [], screens: [] }),
    })
    .strict();
}
export type CeremonyInput = z.infer<ReturnType<typeof ceremonyInputSchema>>;

/**
 * A planned item: the fields of a signing, without `signedAt`, which is the moment it is
 * signed on stage.
 */
export function itemInputSchema(event: EventConfig) {
  return signingInputSchema(event).refine((input) => input.signedAt === undefined, {
    path: ['signedAt'],
    message: 'set when the item is signed on stage',
  });
}
export type ItemInput = Omit<SigningInput, 'signedAt'>;

/** `PATCH .../items/:itemId`: the item's fields in full (as the form sends them), and/or its new place in the order. */
export function itemPatchSchema(event: EventConfig) {
  return z
    .object({
      item: itemInputSchema(event).optional(),
      /** 0-based place in the run-sheet; the others move to make room. */
      position: z.number().int().min(0).max(MAX_ITEMS).optional(),
    })
    .strict()
    .refine((p) => p.item !== undefined || p.position !== undefined, { message: 'send item and/or position' });
}

/** `POST .../undo`: nothing to send; the item and the moment say it all. */
export const emptyBodySchema = z.object({}).strict();

/** `GET /api/v1/ceremonies?day=`: ceremonies starting on an event-local day. */
export const ceremonyListQuerySchema = z.object({ day: z.iso.date().optional() }).strict();

export interface Ceremony {
  id: string;
  title: LocalizedName;
  venueId: string;
  startsAt: string;
  stage: StageScreens;
  status: CeremonyStatus;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export type ItemStatus = 'planned' | 'signed';

export interface CeremonyItem {
  id: string;
  ceremonyId: string;
  /** 0-based place in the run-sheet. */
  position: number;
  input: ItemInput;
  status: ItemStatus;
  /** Set while signed: the signing it became, as it is now (a held one waits for review). */
  signingId: string | null;
  signedAt: string | null;
  signing?: Signing;
  updatedAt: string;
}

/** `GET /api/v1/ceremonies/:id`. */
export interface CeremonyDetail {
  ceremony: Ceremony;
  items: CeremonyItem[];
  /** What `/live` says of it now (null while planned). */
  live: CeremonyPublic | null;
}

/**
 * What `/live` carries of a started ceremony (`Summary.ceremonies`). No unsigned item's
 * details: counts only, and the latest counted signing, which is public anyway.
 */
export interface CeremonyPublic {
  id: string;
  title: LocalizedName;
  status: Exclude<CeremonyStatus, 'planned'>;
  /** Items signed on stage (a held one included: it was signed, and waits for review). */
  signed: number;
  /** Items still to sign. */
  planned: number;
  /** Whole yuan: the counted signings of its signed items, as they count in the event's totals. */
  totalCny: number;
  /** Its counted signings. */
  count: number;
  /** The latest counted signing: the stage's "now signing" card. */
  latest: PublicSigning | null;
  startedAt: string;
}

/** `POST .../items/:itemId/sign` → 201. */
export interface SignAnswer {
  signing: Signing;
  seq: number;
}

/** `POST .../sign-all` → 201: the items it signed, in order. */
export interface SignAllAnswer {
  items: Array<{ itemId: string; signing: Signing; seq: number }>;
  seq: number;
}

export function ceremonyTitle(title: LocalizedName, lang: 'zh' | 'en'): string {
  return title[lang];
}
