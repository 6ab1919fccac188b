import type { TokenRecord, User } from './types.js';

/** The users and tokens tables as both databases return them (snake_case columns). */
export interface UserRow {
  id: string;
  username: string;
  role: User['role'];
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

/** `scope` is JSON text in SQLite and already parsed (jsonb) in PostgreSQL. */
export interface TokenRow {
  id: string;
  role: TokenRecord['role'];
  label: string;
  scope: string | TokenRecord['scope'];
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** A new user's column values, in the order of `INSERT INTO users (id, username, password_hash, role, created_at)`. */
export const userValues = (u: User) => [u.id, u.username, u.passwordHash, u.role, u.createdAt];

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

export const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  role: r.role,
  label: r.label,
  scope: typeof r.scope === 'string' ? (JSON.parse(r.scope) as TokenRecord['scope']) : r.scope,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
});
