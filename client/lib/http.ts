/**
 * The one way pages talk to the API. Failures keep the server's error body (`code`, `message`,
 * `fields`, `fieldCodes`) in an `ApiError`; a request that got no answer (offline, reset,
 * timeout) is a `NetworkError`. Cookie-session writes carry the CSRF header, and a 401 sends
 * the visitor to one login page and back.
 */
import type { Me } from '../../shared/accounts.js';
import type { ErrorBody, ErrorCode } from '../../shared/errors.js';
import type { EventConfig } from '../../shared/event-config.js';
import type { FieldIssue } from '../../shared/field-issues.js';
import { safeNextPath } from '../login/next-path.js';

const API = '/api/v1';
/** Long enough for an import or a report on a slow venue network, short enough that a desk notices. */
export const DEFAULT_TIMEOUT_MS = 20_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    /** Seconds from `Retry-After` (429, 503), when the server sent it. */
    readonly retryAfter?: number,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }

  get code(): ErrorCode | undefined {
    return this.body?.error.code;
  }

  get fields(): Record<string, string> {
    return this.body?.error.fields ?? {};
  }

  get fieldCodes(): Record<string, FieldIssue> {
    return this.body?.error.fieldCodes ?? {};
  }
}

/** The request never got an answer: offline, DNS, connection reset, or the timeout passed. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Where the login page sends the visitor back to: this page, checked like any `next=`. */
export function loginUrl(here: Pick<Location, 'pathname' | 'search' | 'origin'> = location): string {
  const next = safeNextPath(here.pathname + here.search, here.origin, '/');
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Sends the visitor to /login and back here afterwards; never settles, as the page is leaving. */
export function toLogin(): Promise<never> {
  location.assign(loginUrl());
  return new Promise<never>(() => undefined);
}

export interface RequestOptions {
  body?: unknown;
  query?: URLSearchParams | Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * What a 401 means. `login` (the default): the session ended, go and log in. `throw`: the
   * caller handles it (the login form itself, where 401 means a wrong password).
   */
  on401?: 'login' | 'throw';
  /** Writes carry the session's CSRF token unless the call needs no session (logging in). */
  csrf?: boolean;
}

let me: Promise<Me> | undefined;

/** The logged-in person, with the CSRF token cookie-authenticated writes carry; asked once per page. */
export function currentUser(): Promise<Me> {
  me ??= request<Me>('GET', '/auth/me').catch((error: unknown) => {
    me = undefined;
    throw error;
  });
  return me;
}

/** A JSON API call; resolves with the parsed answer (null for an empty one). */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const { body, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS, on401 = 'login', csrf = true } = options;
  const csrfHeader: Record<string, string> = method !== 'GET' && csrf ? { 'x-csrf-token': (await currentUser()).csrfToken } : {};
  const res = await send(`${API}${path}${queryString(options.query)}`, timeoutMs, {
    method,
    credentials: 'same-origin',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...csrfHeader, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401 && on401 === 'login') return toLogin();
  const parsed = await readJson(res);
  if (!res.ok) throw new ApiError(res.status, isErrorBody(parsed) ? parsed : null, retryAfterOf(res));
  return parsed as T;
}

export const getJson = <T>(path: string, query?: RequestOptions['query'], options: Omit<RequestOptions, 'query' | 'body'> = {}) =>
  request<T>('GET', path, { ...options, ...(query ? { query } : {}) });

export const postJson = <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...options, body });

export const patchJson = <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) => request<T>('PATCH', path, { ...options, body });

export const putJson = <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) => request<T>('PUT', path, { ...options, body });

export const deleteJson = <T>(path: string, options: Omit<RequestOptions, 'body'> = {}) => request<T>('DELETE', path, options);

/** The event the server runs (public: screens read it before anyone logs in). */
export const fetchEvent = (): Promise<EventConfig> => getJson<EventConfig>('/event');

export async function logout(): Promise<void> {
  await request('POST', '/auth/logout').catch(() => undefined);
  me = undefined;
  location.assign('/login');
}

async function send(url: string, timeoutMs: number, init: RequestInit): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) throw new NetworkError(`no answer within ${timeoutMs} ms`, true);
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(query);
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A proxy's HTML error page, for instance: the status still says what happened.
    return null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string';
}

function retryAfterOf(res: Response): number | undefined {
  const value = Number(res.headers.get('retry-after'));
  return res.headers.has('retry-after') && Number.isFinite(value) ? value : undefined;
}
