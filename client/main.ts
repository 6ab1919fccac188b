import { mount, type Component } from 'svelte';

/** Each page is its own chunk, so a screen loads only what it shows. */
const pages: Record<string, () => Promise<{ default: Component }>> = {
  '/': () => import('./dashboard/Dashboard.svelte'),
  '/display': () => import('./display/Display.svelte'),
  '/organizer': () => import('./organizer/Organizer.svelte'),
  '/organizer/fleet': () => import('./organizer/Organizer.svelte'),
  '/organizer/report': () => import('./organizer/Organizer.svelte'),
  '/organizer/ops': () => import('./organizer/Organizer.svelte'),
  '/organizer/event': () => import('./organizer/Organizer.svelte'),
  '/login': () => import('./login/Login.svelte'),
  '/staff': () => import('./staff/Staff.svelte'),
  '/staff/log': () => import('./staff/Log.svelte'),
  '/staff/import': () => import('./staff/Import.svelte'),
  '/admin': () => import('./admin/Admin.svelte'),
};

const path = location.pathname.replace(/\/+$/, '') || '/';
// The ceremonies' pages carry an id: /organizer/ceremonies/:id and /organizer/ceremonies/:id/run-sheet.
const ceremonies = /^\/organizer\/ceremonies(\/[^/]+(\/run-sheet)?)?$/.test(path) ? () => import('./organizer/Ceremonies.svelte') : undefined;
const load = ceremonies ?? pages[path] ?? pages['/']!;
const target = document.getElementById('app')!;
load().then(({ default: Page }) => mount(Page, { target }));
