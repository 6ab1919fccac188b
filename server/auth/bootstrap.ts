import { randomUUID } from 'node:crypto';
import { userRequestSchema } from '../../shared/accounts.js';
import type { Role } from '../../shared/roles.js';
import { ConfigError } from '../config/event-file.js';
import type { Store } from '../store/types.js';
import { hashPassword, randomSecret } from './secrets.js';

export async function addUser(store: Store, username: string, password: string, role: Role, createdAt: Date): Promise<void> {
  await store.accounts.createUser({
    id: randomUUID(),
    username,
    role,
    passwordHash: await hashPassword(password),
    createdAt: createdAt.toISOString(),
  });
}

/**
 * PAVILION_ADMIN_PASSWORD obeys the rules the users API applies. Checked at every start, not only
 * the first, so that a weak value in the environment is found before it is ever used.
 */
export function checkAdminPassword(password: string): void {
  const result = userRequestSchema.shape.password.safeParse(password);
  if (!result.success) {
    throw new ConfigError(`PAVILION_ADMIN_PASSWORD is not accepted (the rule for every password): ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
}

/**
 * On the first start with no users, creates `admin`. Without a configured password a
 * random one is generated and returned so that it can be shown once.
 */
export async function ensureAdmin(store: Store, configuredPassword: string | undefined, now: Date): Promise<{ generatedPassword?: string }> {
  if (configuredPassword !== undefined) checkAdminPassword(configuredPassword);
  if ((await store.accounts.countUsers()) > 0) return {};
  const password = configuredPassword ?? randomSecret().slice(0, 20);
  try {
    await addUser(store, 'admin', password, 'admin', now);
  } catch (error) {
    // Instances starting at once on an empty database race to create the admin; one wins.
    if ((await store.accounts.countUsers()) > 0) return {};
    throw error;
  }
  return configuredPassword ? {} : { generatedPassword: password };
}
