import path from 'node:path';
import { createRequire } from 'node:module';
import express, { Router } from 'express';
import type { EventConfig } from '../../shared/event-config.js';
import { bodyOf } from '../public/summary.js';
import { asyncApiDocument } from './asyncapi.js';
import { openApiDocument } from './document.js';

const DOCS_CACHE = 'public, max-age=300';

/** `/api/v1/openapi.json` and `/api/v1/asyncapi.json`: built once, the same for everyone. */
export function specRoutes(event: EventConfig, version: string): Router {
  const router = Router();
  const openapi = bodyOf(openApiDocument(event, version));
  const asyncapi = bodyOf(asyncApiDocument(version));
  for (const [route, body] of [['/openapi.json', openapi], ['/asyncapi.json', asyncapi]] as const) {
    router.get(route, (_req, res) => {
      res.set({ 'Cache-Control': DOCS_CACHE, ETag: body.etag, 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
      res.type('application/json').send(body.json);
    });
  }
  return router;
}

/** swagger-ui-dist's folder, served from this server: the reference loads nothing from elsewhere. */
function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pavilion API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// A file, not an inline script: the page's CSP allows scripts from this server only.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** `/api/docs`: the OpenAPI document rendered by swagger-ui, bundled with the server. */
export function docsRoutes(): Router {
  const router = Router();
  router.get('/api/docs', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').type('html').send(PAGE);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').type('application/javascript').send(INIT);
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir(), { index: false, maxAge: '1h' }));
  return router;
}
