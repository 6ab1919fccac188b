import { mount, type Component } from 'svelte';

/**
 * The phone page and the embeds: their own entry (client/public.html), so that what a phone
 * downloads is this, Svelte and the public figures, never the charts or a socket client.
 */
const pages: Record<string, () => Promise<{ default: Component }>> = {
  '/public': () => import('./Public.svelte'),
  '/embed/counter': () => import('../embed/Counter.svelte'),
  '/embed/progress': () => import('../embed/Progress.svelte'),
  '/embed/ticker': () => import('../embed/Ticker.svelte'),
};

const load = pages[location.pathname.replace(/\/+$/, '')] ?? pages['/public']!;
load().then(({ default: Page }) => mount(Page, { target: document.getElementById('app')! }));
