import helmet from 'helmet';
import type { RequestHandler } from 'express';

export interface SecurityOptions {
  /**
   * Sites whose pages may frame `/embed/*` (PAVILION_EMBED_ORIGINS), as CSP sources such as
   * `https://news.example.com`; none by default.
   */
  embedOrigins?: readonly string[];
}

type Directives = Record<string, string[]>;

const SITE: Directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** What the embeds change besides their policy. */
interface Extra {
  xFrameOptions?: false;
  crossOriginResourcePolicy?: { policy: 'cross-origin' };
}

const headers = (directives: Directives, extra: Extra = {}) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Screens and desks often run on plain HTTP inside a venue network; HSTS is for the proxy to set.
    ...extra,
    strictTransportSecurity: false,
  });

/**
 * Security headers with a strict Content-Security-Policy: the built client loads only its
 * own scripts, styles and socket; nothing inline, nothing remote. Two kinds of page differ:
 * embeds may be framed by the configured sites, and the API reference (swagger-ui, served
 * from this server) sets style attributes, so it may use inline styles, never scripts.
 */
export function securityHeaders(options: SecurityOptions = {}): RequestHandler {
  const origins = options.embedOrigins ?? [];
  const site = headers(SITE);
  const embed = headers(
    { ...SITE, frameAncestors: origins.length > 0 ? [...origins] : ["'none'"] },
    // X-Frame-Options knows no list of sites; frame-ancestors decides for every current browser.
    { xFrameOptions: false, crossOriginResourcePolicy: { policy: 'cross-origin' } },
  );
  const docs = headers({ ...SITE, styleSrc: ["'self'", "'unsafe-inline'"] });
  // The fleet page's miniature of a screen frames `/display?preview=1`: this site only.
  const preview = headers({ ...SITE, frameAncestors: ["'self'"] });
  return (req, res, next) => {
    const path = req.path;
    if (path.startsWith('/embed/')) return embed(req, res, next);
    if (path === '/api/docs' || path.startsWith('/api/docs/')) return docs(req, res, next);
    if (path === '/display' && req.query['preview'] === '1') return preview(req, res, next);
    return site(req, res, next);
  };
}
