import { ApiClient } from '../scripts/demo/client.js';
import { ADMIN_PASSWORD } from './server-process.js';

/** Logs in as the admin through the public API and issues a bearer token of `role`. */
export function issueToken(baseUrl: string, role: string, scope: Record<string, unknown> = {}): Promise<string> {
  return ApiClient.issueToken(baseUrl, ADMIN_PASSWORD, role, scope);
}

/** Signings counted by the server, from the public summary. */
export async function countedSignings(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/summary`);
  const body = (await res.json()) as { signings: { count: number } };
  return body.signings.count;
}
