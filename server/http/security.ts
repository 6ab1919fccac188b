import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers with a strict Content-Security-Policy: the built client loads only its
 * own scripts, styles and socket; nothing inline, nothing remote.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
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
      },
    },
    // Screens and desks often run on plain HTTP inside a venue network; HSTS is for the proxy to set.
    strictTransportSecurity: false,
  });
}
