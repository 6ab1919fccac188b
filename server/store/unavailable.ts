/**
 * Database failures that say nothing about the request and will pass: the disk is full, the
 * database is read-only or unreachable, or failing on I/O. They fail a whole batch (not one
 * operation), answer 503 `unavailable` with Retry-After, and make /readyz report not ready.
 */

/** better-sqlite3's SqliteError codes, extended codes included (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...). */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|NOMEM|NOLFS)(_|$)/;

/**
 * PostgreSQL SQLSTATEs: 08 connection exceptions, 53 insufficient resources (disk full, out
 * of memory, too many connections), 57P01-57P03 shutting down or not yet accepting connections,
 * 25006 read-only transaction (a standby, or `default_transaction_read_only`), 58030 I/O error.
 */
const POSTGRES_UNAVAILABLE = /^(08...|53...|57P0[1-3]|25006|58030)$/;

/** Node's socket errors while reaching the database. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** node-postgres reports a lost or unobtainable connection without a code. */
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || NETWORK_CODES.has(code))) return true;
  // Node 20 tries every address of a host name and reports all the failures together.
  if (error instanceof AggregateError && error.errors.some(isStoreUnavailable)) return true;
  return PG_CONNECTION_MESSAGES.test(error.message);
}

/** Seconds a client should wait before retrying a write the database could not take. */
export const RETRY_AFTER_SECONDS = 5;
