import { Workbox } from 'workbox-window';

/**
 * Registers the service worker that keeps the desk's shell (/login, /staff and their assets)
 * for offline starts. Only the desk pages register it; it never answers API calls or /display.
 */
export function registerDeskShell(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  void new Workbox('/sw.js', { scope: '/' }).register().catch(() => undefined);
}
