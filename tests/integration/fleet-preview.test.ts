import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from '../support/server.js';

/** A built client stand-in: the server only needs the pages to exist. */
function fakeClient(): string {
  const dir = tempDir('pavilion-preview-client-');
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(dir, 'public.html'), '<!doctype html><title>public</title>');
  return dir;
}

describe("the fleet page's miniature of a screen", () => {
  let server: TestServer;
  const origins = ['https://news.example.com'];

  beforeAll(async () => {
    server = await startServer({ clientDir: fakeClient(), embedOrigins: origins });
  });
  afterAll(() => server.close());

  const policy = async (page: string) => {
    const res = await fetch(server.url + page);
    expect(res.status, page).toBe(200);
    return { csp: res.headers.get('content-security-policy') ?? '', xfo: res.headers.get('x-frame-options') };
  };

  it('lets this site, and only this site, frame /display in preview mode', async () => {
    const preview = await policy('/display?preview=1&lang=en&theme=light');
    expect(preview.csp).toContain("frame-ancestors 'self'");
    expect(preview.csp).not.toContain('news.example.com');
    expect(preview.csp).toContain("script-src 'self'");
    expect(preview.xfo).toBe('SAMEORIGIN');
  });

  it('keeps /display itself out of every frame, and embeds framed by their configured sites only', async () => {
    for (const page of ['/display', '/display?preview=0', '/display?lang=en', '/organizer/fleet']) {
      expect((await policy(page)).csp, page).toContain("frame-ancestors 'none'");
    }
    expect((await policy('/embed/counter')).csp).toContain('frame-ancestors https://news.example.com');
  });
});
