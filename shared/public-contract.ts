/**
 * The public audience's paths, cache lifetimes and poll interval, without zod: the phone page
 * and the embeds import these, and their JavaScript budget has no room for a schema library.
 * The bodies' schemas are in shared/public.ts.
 */

export const PUBLIC_SUMMARY_PATH = '/api/v1/public/summary';
export const PUBLIC_EVENT_PATH = '/api/v1/public/event';

/**
 * Cache lifetimes of the public figures, in seconds. One second of max-age lets a CDN or
 * nginx answer a million phones with about one request a second to Pavilion; two more of
 * stale-while-revalidate let it answer at once while it fetches the next version.
 */
export const PUBLIC_SUMMARY_CACHE = { maxAgeS: 1, staleWhileRevalidateS: 2 } as const;
/** The event's names and targets change rarely (an admin's edit); caches may show the old ones this long. */
export const PUBLIC_EVENT_CACHE = { maxAgeS: 300, staleWhileRevalidateS: 60 } as const;
/** How often the phone page and the embeds ask again (with If-None-Match). */
export const PUBLIC_POLL_MS = 2000;
/** Latest signings carried by the public summary, newest first. */
export const PUBLIC_LATEST_LIMIT = 10;
