import type { Pool } from 'pg';
import type { FleetAssignment, FleetStore } from '../types.js';

interface Row {
  target: string;
  kind: FleetAssignment['kind'];
  value: FleetAssignment['value'];
  updated_at: string;
}

export function pgFleet(pool: Pool): FleetStore {
  return {
    async listAssignments() {
      const { rows } = await pool.query<Row>('SELECT * FROM fleet_assignments ORDER BY updated_at');
      return rows.map((r) => ({ target: r.target, kind: r.kind, value: r.value, updatedAt: r.updated_at }) as FleetAssignment);
    },
    async putAssignment(a) {
      await pool.query(
        `INSERT INTO fleet_assignments (target, kind, value, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (target, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [a.target, a.kind, JSON.stringify(a.value), a.updatedAt],
      );
    },
    async deleteAssignment(target, kind) {
      await pool.query('DELETE FROM fleet_assignments WHERE target = $1 AND kind = $2', [target, kind]);
    },
  };
}
