import type { Me } from '../../shared/accounts.js';

export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Sends the visitor to /login and back here afterwards. */
export function toLogin(): void {
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/** The logged-in person, or null after starting the redirect to /login. */
export async function whoAmI(): Promise<Me | null> {
  const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  if (res.status === 401) {
    toLogin();
    return null;
  }
  if (!res.ok) throw new HttpStatusError(res.status);
  return (await res.json()) as Me;
}

export async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
  const query = params && [...params.keys()].length > 0 ? `?${params}` : '';
  const res = await fetch(`/api/v1${path}${query}`, { credentials: 'same-origin' });
  if (res.status === 401) toLogin();
  if (!res.ok) throw new HttpStatusError(res.status);
  return (await res.json()) as T;
}

/** A write with the session's CSRF token. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, csrfToken: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401) toLogin();
  if (!res.ok) throw new HttpStatusError(res.status);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}
