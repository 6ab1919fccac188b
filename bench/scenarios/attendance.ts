import fs from 'node:fs';
import path from 'node:path';
import { DIST_DIR } from '../server-process.js';

/** The attendance ingest routes (POST /api/v1/attendance/counts and /scans) are in this build. */
export async function attendanceAvailable(): Promise<boolean> {
  return fs.existsSync(path.join(DIST_DIR, 'server/attendance/routes.js'));
}
