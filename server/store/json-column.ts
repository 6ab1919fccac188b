/** A JSON column as both stores return it: PostgreSQL gives jsonb parsed, SQLite gives text. */
export type Json<T> = T | string;

export const parsed = <T>(value: Json<T>): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
