import { hashPassword } from '../auth/secrets.js';
import type { Store } from '../store/types.js';

/**
 * Sets a user's password and ends their other sessions: whoever held the old password, or a
 * session opened with it, is out. The session that made the change (`keepSessionIdHash`) stays.
 * False when there is no such user.
 */
export async function changePassword(store: Store, userId: string, password: string, keepSessionIdHash?: string): Promise<boolean> {
  const changed = await store.accounts.updateUser(userId, { passwordHash: await hashPassword(password) });
  if (changed) await store.accounts.deleteSessionsOfUser(userId, keepSessionIdHash);
  return changed;
}
