/**
 * Where to go after logging in: a path of this site only. `next` is resolved the way the
 * browser would resolve it (so `/\evil.example`, tabs and `%5C` tricks are seen as what they
 * are) and the result must stay on `origin`; what is returned is that resolved path, not the
 * raw text, so what was checked is what the browser follows.
 */
export function safeNextPath(next: string | null, origin: string, fallback = '/staff'): string {
  if (!next || !next.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  // A path that resolved to `//host/...` would be read as another host once assigned.
  if (url.origin !== new URL(origin).origin || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
