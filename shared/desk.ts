/**
 * The Socket.IO contract of the `/desk` namespace: every signing change, drafts and held
 * signings included, for signed-in staff and organizers (and tokens that may read them).
 * Screens use `/live`, which carries counted signings only.
 */
import type { Signing } from './signing.js';

export const DESK_NAMESPACE = '/desk';

export const DeskEvents = {
  signingChanged: 'signing:changed',
} as const;

export interface DeskSigningChange {
  seq: number;
  /** The signing as stored after the change, with who entered it and why it is held. */
  signing: Signing;
}

export interface DeskServerToClientEvents {
  'signing:changed': (change: DeskSigningChange) => void;
}

// The desk only listens.
export type DeskClientToServerEvents = Record<string, never>;
