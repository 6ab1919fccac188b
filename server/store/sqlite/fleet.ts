import type { Database } from 'better-sqlite3';
import type { FleetAssignment, FleetStore } from '../types.js';

interface Row {
  target: string;
  kind: FleetAssignment['kind'];
  value: string;
  updated_at: string;
}

export function sqliteFleet(db: Database): FleetStore {
  return {
    async listAssignments() {
      return db
        .prepare<[], Row>('SELECT * FROM fleet_assignments ORDER BY updated_at')
        .all()
        .map((r) => ({ target: r.target, kind: r.kind, value: JSON.parse(r.value), updatedAt: r.updated_at }) as FleetAssignment);
    },
    async putAssignment(a) {
      db.prepare(
        `INSERT INTO fleet_assignments (target, kind, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (target, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(a.target, a.kind, JSON.stringify(a.value), a.updatedAt);
    },
    async deleteAssignment(target, kind) {
      db.prepare('DELETE FROM fleet_assignments WHERE target = ? AND kind = ?').run(target, kind);
    },
  };
}
