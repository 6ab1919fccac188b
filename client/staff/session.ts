/**
 * What the desk needs to open without a network: the last known user and event, kept in
 * localStorage after each online visit. Online, the server's answer always wins.
 */
import type { Me } from '../../shared/accounts.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { Signing } from '../../shared/signing.js';
import { currentUser, getJson, NetworkError } from '../lib/http.js';

const USER_KEY = 'pavilion:desk:user';
const EVENT_KEY = 'pavilion:desk:event';
const RECENT_KEY = 'pavilion:desk:recent';
/** Enough of the list to find one's own entries offline; localStorage is small. */
const RECENT_KEPT = 100;

function load<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function keep(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs the offline start.
  }
}

/** The answer, or the stored one when the server cannot be reached; `offline` says which. */
async function orStored<T>(key: string, ask: () => Promise<T>): Promise<{ value: T; offline: boolean }> {
  try {
    const value = await ask();
    keep(key, value);
    return { value, offline: false };
  } catch (error) {
    const stored = load<T>(key);
    if (error instanceof NetworkError && stored !== undefined) return { value: stored, offline: true };
    throw error;
  }
}

/** The logged-in person; offline, the last one who used this desk (a 401 online still goes to /login). */
export const deskUser = () => orStored<Me>(USER_KEY, currentUser);

export const deskEvent = () => orStored<EventConfig>(EVENT_KEY, () => getJson<EventConfig>('/event'));

export const storedRecent = (): Signing[] => load<Signing[]>(RECENT_KEY) ?? [];

export const keepRecent = (items: readonly Signing[]): void => keep(RECENT_KEY, items.slice(0, RECENT_KEPT));

export const storedDeskUser = (): Me | undefined => load<Me>(USER_KEY);

/** Logging out forgets the user, so that the next person at the desk is not taken for them offline. */
export function forgetDeskUser(): void {
  localStorage.removeItem(USER_KEY);
}
