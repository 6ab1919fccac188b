import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface PageBudget {
  /** Every JavaScript file the page loads, with its gzip size. */
  files: Array<{ file: string; bytes: number; gzip: number }>;
  totalGzip: number;
  /** Markers of libraries the phone page must never load. */
  forbidden: string[];
}

/** The phone page's JavaScript budget in gzip bytes. */
export const PUBLIC_JS_BUDGET = 40 * 1024;

/** Strings only these bundles contain (minified): socket.io-client's Engine.IO path and a chart.js error. */
export const FORBIDDEN = { 'socket.io-client': 'engine.io', 'chart.js': 'Canvas is already in use' } as const;

const STATIC_IMPORT = /(?:from|import)\s*["'`](\.\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`](\.\/[^"'`]+\.js)["'`]\s*\)/g;

/**
 * The JavaScript a browser loads for `route` of the built public page (client/public.html):
 * the entry, its static imports, and the dynamic import of the route's component (`chunk`,
 * e.g. "Public") with its own static imports.
 */
export function pageBudget(clientDir: string, chunk = 'Public'): PageBudget {
  const html = fs.readFileSync(path.join(clientDir, 'public.html'), 'utf8');
  const entry = /<script[^>]+src="\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error(`no script in ${clientDir}/public.html`);
  const seen = new Set<string>();
  const visit = (file: string, followDynamic: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(path.join(clientDir, file), 'utf8');
    const dir = path.posix.dirname(file);
    for (const m of code.matchAll(STATIC_IMPORT)) visit(path.posix.join(dir, m[1]!), false);
    if (!followDynamic) return;
    for (const m of code.matchAll(DYNAMIC_IMPORT)) {
      if (path.posix.basename(m[1]!).startsWith(`${chunk}-`)) visit(path.posix.join(dir, m[1]!), false);
    }
  };
  visit(entry, true);
  const files = [...seen].map((file) => {
    const bytes = fs.readFileSync(path.join(clientDir, file));
    return { file, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  const code = files.map((f) => fs.readFileSync(path.join(clientDir, f.file), 'utf8')).join('\n');
  const forbidden = Object.entries(FORBIDDEN)
    .filter(([, marker]) => code.includes(marker))
    .map(([library]) => library);
  return { files, totalGzip: files.reduce((sum, f) => sum + f.gzip, 0), forbidden };
}
