import type { Me } from '../../shared/accounts.js';
import type { ErrorBody } from '../../shared/errors.js';

/** The logged-in person, with the CSRF token cookie-authenticated writes must carry. */
let me: Me | undefined;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
}

/** Thrown when the request never got an answer: offline, DNS, connection reset. */
export class NetworkError extends Error {}

/** Sends the visitor to /login and back here afterwards; never settles, as the page is leaving. */
export function toLogin(): Promise<never> {
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return new Promise<never>(() => undefined);
}

export async function currentUser(): Promise<Me> {
  if (me) return me;
  const res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  if (res.status === 401) return toLogin();
  if (!res.ok) throw new ApiError(res.status, null);
  me = (await res.json()) as Me;
  return me;
}

export function rememberLogin(who: Me): void {
  me = who;
}

/** A JSON API call with the session cookie and the CSRF header. */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const csrf: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': (await currentUser()).csrfToken };
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...csrf, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (res.status === 401) return toLogin();
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, parsed as ErrorBody | null);
  return parsed as T;
}

export async function logout(): Promise<void> {
  await api('POST', '/auth/logout').catch(() => undefined);
  me = undefined;
  location.assign('/login');
}
