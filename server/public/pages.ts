import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';

/** The phone page and the embeds: one small page of their own (client/public.html), no socket. */
export const PUBLIC_PAGE_PATHS = /^\/(public|embed\/(counter|progress|ticker))$/;

/**
 * Serves the built public page for `/public` and `/embed/*`. A shared cache may keep it a
 * few seconds: it only names hashed assets, and a deploy shows within those seconds.
 */
export function servePublicPages(app: express.Express, clientDir: string): void {
  const page = path.join(clientDir, 'public.html');
  if (!fs.existsSync(page)) return;
  app.get(PUBLIC_PAGE_PATHS, (_req, res) => {
    res.sendFile(page, { headers: { 'Cache-Control': 'public, max-age=10' } });
  });
}
