import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a transaction on one client of the pool. `begin` may take locks in the same
 * round trip. A client whose transaction failed leaves the pool: its connection may be broken.
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
    broken = error instanceof Error ? error : new Error(String(error));
    await client.query('ROLLBACK').catch(() => undefined);
    throw broken;
  } finally {
    client.release(broken);
  }
}
