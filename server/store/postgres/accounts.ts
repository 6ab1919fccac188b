import type { Pool } from 'pg';
import { toToken, toUser, userValues, type TokenRow, type UserRow } from '../account-rows.js';
import type { AccountStore, UserChanges } from '../types.js';
import { inTransaction } from './transaction.js';

export function pgAccounts(pool: Pool): AccountStore {
  const one = async <R extends object>(sql: string, params: unknown[]): Promise<R | undefined> =>
    (await pool.query<R>(sql, params)).rows[0];
  return {
    async countUsers() {
      return (await one<{ n: number }>('SELECT count(*)::int AS n FROM users', []))!.n;
    },
    async createUser(u) {
      await pool.query('INSERT INTO users (id, username, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)', userValues(u));
    },
    async findUserByName(username) {
      const row = await one<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1) AND disabled_at IS NULL', [username]);
      return row && toUser(row);
    },
    async findUser(id) {
      const row = await one<UserRow>('SELECT * FROM users WHERE id = $1 AND disabled_at IS NULL', [id]);
      return row && toUser(row);
    },
    async listUsers() {
      return (await pool.query<UserRow>('SELECT * FROM users ORDER BY username')).rows.map(toUser);
    },
    updateUser: (id, changes) => updateUser(pool, id, changes),
    async createSession(s) {
      await pool.query('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
        s.idHash,
        s.userId,
        s.csrfToken,
        s.expiresAt,
      ]);
    },
    async findSession(idHash) {
      const row = await one<{ id_hash: string; user_id: string; csrf_token: string; expires_at: string }>(
        'SELECT * FROM sessions WHERE id_hash = $1',
        [idHash],
      );
      return row && { idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
    },
    async deleteSession(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteSessionsOfUser(userId, exceptIdHash) {
      await pool.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2', [userId, exceptIdHash ?? null]);
    },
    async createToken(t, tokenHash) {
      await pool.query(
        'INSERT INTO tokens (id, token_hash, role, label, scope, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [t.id, tokenHash, t.role, t.label, JSON.stringify(t.scope), t.createdAt, t.createdBy],
      );
    },
    async findToken(tokenHash) {
      const row = await one<TokenRow>('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]);
      return row && toToken(row);
    },
    async listTokens() {
      return (await pool.query<TokenRow>('SELECT * FROM tokens ORDER BY created_at')).rows.map(toToken);
    },
    async revokeToken(id, at) {
      const result = await pool.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}

/** Changes only the given fields; disabling also ends the user's sessions, in one transaction. */
async function updateUser(pool: Pool, id: string, changes: UserChanges): Promise<boolean> {
  const fields = Object.entries({ role: changes.role, password_hash: changes.passwordHash, disabled_at: changes.disabledAt }).filter(
    ([, value]) => value !== undefined,
  );
  if (fields.length === 0) return (await pool.query('SELECT 1 FROM users WHERE id = $1', [id])).rowCount === 1;
  return inTransaction(pool, async (client) => {
    const sets = fields.map(([column], i) => `${column} = $${i + 2}`).join(', ');
    const updated = (await client.query(`UPDATE users SET ${sets} WHERE id = $1`, [id, ...fields.map(([, v]) => v)])).rowCount === 1;
    if (updated && changes.disabledAt) await client.query('DELETE FROM sessions WHERE user_id = $1', [id]);
    return updated;
  });
}
