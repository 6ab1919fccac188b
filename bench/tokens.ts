import { ADMIN_PASSWORD } from './server-process.js';

/** Logs in as the admin through the public API and issues a bearer token of `role`. */
export async function issueToken(baseUrl: string, role: string, scope: Record<string, unknown> = {}): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login as admin failed: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ role, label: `bench ${role}`, ...scope }),
  });
  if (res.status !== 201) throw new Error(`issuing a ${role} token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Signings counted by the server, from the public summary. */
export async function countedSignings(baseUrl: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/summary`);
  const body = (await res.json()) as { signings: { count: number } };
  return body.signings.count;
}
