import type { Database, Statement } from 'better-sqlite3';
import { toToken, toUser, userValues, type TokenRow, type UserRow } from '../account-rows.js';
import type { AccountStore, Session } from '../types.js';

/** Finds the row with `key` and maps it; nothing when there is none. */
function finder<R, T>(byKey: Statement<[string], R>, map: (row: R) => T) {
  return async (key: string): Promise<T | undefined> => {
    const row = byKey.get(key);
    return row && map(row);
  };
}

export function sqliteAccounts(db: Database): AccountStore {
  const listOf = <R, T>(sql: string, map: (row: R) => T) => async () => db.prepare<[], R>(sql).all().map(map);
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL');
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ? AND disabled_at IS NULL');
  const tokenByHash = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_hash = ?');
  const sessionById = db.prepare<[string], { id_hash: string; user_id: string; csrf_token: string; expires_at: string }>(
    'SELECT * FROM sessions WHERE id_hash = ?',
  );
  return {
    async countUsers() {
      return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
    },
    async createUser(u) {
      db.prepare('INSERT INTO users (id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)').run(userValues(u));
    },
    findUserByName: finder(userByName, toUser),
    findUser: finder(userById, toUser),
    listUsers: listOf('SELECT * FROM users ORDER BY username', toUser),
    async updateUser(id, changes) {
      const sets = Object.entries({ role: changes.role, password_hash: changes.passwordHash, disabled_at: changes.disabledAt })
        .filter(([, value]) => value !== undefined)
        .map(([column]) => column);
      const values = { id, role: changes.role, password_hash: changes.passwordHash, disabled_at: changes.disabledAt };
      return db.transaction(() => {
        if (sets.length === 0) return db.prepare('SELECT 1 FROM users WHERE id = ?').get(id) !== undefined;
        const params = Object.fromEntries(['id', ...sets].map((k) => [k, values[k as keyof typeof values]]));
        const updated = db.prepare(`UPDATE users SET ${sets.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(params).changes > 0;
        if (updated && changes.disabledAt) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
        return updated;
      })();
    },
    async createSession(s: Session) {
      db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)').run(
        s.idHash,
        s.userId,
        s.csrfToken,
        s.expiresAt,
      );
    },
    findSession: finder(sessionById, (row) => ({ idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at })),
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
    },
    async deleteSessionsOfUser(userId, exceptIdHash) {
      db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?').run(userId, exceptIdHash ?? null);
    },
    async createToken(t, tokenHash) {
      db.prepare(
        'INSERT INTO tokens (id, token_hash, role, label, scope, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(t.id, tokenHash, t.role, t.label, JSON.stringify(t.scope), t.createdAt, t.createdBy);
    },
    findToken: finder(tokenByHash, toToken),
    listTokens: listOf('SELECT * FROM tokens ORDER BY created_at', toToken),
    async revokeToken(id, at) {
      return db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
    },
  };
}
