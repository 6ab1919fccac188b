import type { Database } from 'better-sqlite3';
import type { Change } from '../operations.js';

/** Distributes Omit over the union, so each kind of change keeps its own fields. */
export type NewChange = Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never;
export type AppendChange = (change: NewChange) => Change;

/** Appends to the change log; the log's row id is the change's seq. */
export function changeAppender(db: Database): AppendChange {
  const insert = db.prepare('INSERT INTO changes (type, at, actor, payload) VALUES (?, ?, ?, ?)');
  return (change) => {
    const { type, at, actor, ...payload } = change;
    const seq = Number(insert.run(type, at, actor, JSON.stringify(payload)).lastInsertRowid);
    return { ...change, seq } as Change;
  };
}
