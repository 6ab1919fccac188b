/** A small client of Pavilion's public HTTP API, as staff desks and gate devices use it. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  }

  /** Logs in as a person and issues a bearer token of `role` (admin only). */
  static async issueToken(baseUrl: string, password: string, role: string, scope: Record<string, unknown> = {}): Promise<string> {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (!login.ok) throw new Error(`login as admin failed: ${login.status}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const res = await fetch(`${baseUrl}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ role, label: `demo ${role}`, ...scope }),
    });
    if (res.status !== 201) throw new Error(`issuing a ${role} token failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }
}
