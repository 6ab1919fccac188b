import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.js';
import { FleetEvents } from '../../shared/fleet.js';
import { LiveEvents } from '../../shared/live.js';
import { startServer, type TestServer } from '../support/server.js';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
}

let server: TestServer;
let doc: OpenApi;

beforeAll(async () => {
  server = await startServer();
  doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as OpenApi;
});
afterAll(() => server.close());

/** Every route literal the server registers, read from its source: `router.get('/path'` and the like. */
function registeredRoutes(): Array<{ method: string; route: string; file: string }> {
  const found: Array<{ method: string; route: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.includes(`${path.sep}metrics${path.sep}`)) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/\.(get|post|put|patch|delete)\(\s*'(\/[^']*)'/g)) {
          found.push({ method: m[1]!, route: m[2]!, file: path.relative(process.cwd(), file) });
        }
      }
    }
  };
  walk(path.resolve('server'));
  return found;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route the server registers', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((method) => `${method} ${p}`));
    const missing = registeredRoutes().filter(({ method, route }) => {
      // /api/docs is the rendered reference itself; its assets are files.
      if (route.startsWith('/api/docs')) return false;
      // A router's own root ('/') is mounted at a path named in app.ts, e.g. /signings/import.
      if (route === '/') return false;
      const tail = route.replace(/:(\w+)/g, '{$1}');
      return !documented.some((d) => d.startsWith(`${method} `) && (d.endsWith(` ${tail}`) || d.endsWith(tail)));
    });
    expect(missing.map((r) => `${r.method.toUpperCase()} ${r.route} (${r.file})`)).toEqual([]);
  });

  it('names the auth schemes and the error shape with its closed list of codes', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    const create = doc.paths['/api/v1/signings']!['post']!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
    expect(doc.paths['/api/v1/public/summary']!['get']!.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/v1/public/summary']!['get']!.responses)).toEqual(expect.arrayContaining(['200', '304']));
  });

  it('answers every documented GET without a session, or refuses it for want of one', async () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      if (!ops['get'] || p.includes('{')) continue;
      const res = await fetch(server.url + p);
      expect([200, 401, 403, 503], p).toContain(res.status);
    }
  });
});

describe('the AsyncAPI document', () => {
  it('describes /live and /fleet with the shared event names', async () => {
    const res = await fetch(`${server.url}/api/v1/asyncapi.json`);
    const asyncapi = (await res.json()) as { asyncapi: string; channels: Record<string, { address: string; messages: Record<string, { name: string }> }> };
    expect(asyncapi.asyncapi).toBe('3.0.0');
    expect(asyncapi.channels['live']!.address).toBe('/live');
    expect(asyncapi.channels['fleet']!.address).toBe('/fleet');
    const live = Object.values(asyncapi.channels['live']!.messages).map((m) => m.name);
    expect(live.sort()).toEqual(Object.values(LiveEvents).sort());
    const fleet = Object.values(asyncapi.channels['fleet']!.messages).map((m) => m.name);
    expect(fleet).toEqual(expect.arrayContaining([FleetEvents.register, FleetEvents.heartbeat, FleetEvents.state, FleetEvents.reload]));
  });
});

describe('/api/docs', () => {
  it('renders the document with swagger-ui served from this server, under a CSP that allows no other host', async () => {
    const res = await fetch(`${server.url}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:/);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.startsWith('/api/docs/'), source).toBe(true);
      const asset = await fetch(server.url + source);
      expect(asset.status, source).toBe(200);
    }
    expect(html).not.toMatch(/<script>[^<]/);
  });
});
