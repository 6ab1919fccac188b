import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a transaction on one client of the pool. `begin` may take locks in the same
 * round trip. An error from `work` (a version conflict, say) leaves the connection usable once
 * rolled back; only a client whose ROLLBACK fails leaves the pool, its connection then broken.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
