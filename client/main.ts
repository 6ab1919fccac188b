import { mount, type Component } from 'svelte';

/** Each page is its own chunk, so a screen loads only what it shows. */
const pages: Record<string, () => Promise<{ default: Component }>> = {
  '/': () => import('./dashboard/Dashboard.svelte'),
  '/display': () => import('./display/Display.svelte'),
  '/login': () => import('./login/Login.svelte'),
  '/staff': () => import('./staff/Staff.svelte'),
  '/staff/log': () => import('./staff/Log.svelte'),
  '/staff/import': () => import('./staff/Import.svelte'),
  '/admin': () => import('./admin/Admin.svelte'),
};
// The organizer's sections are one page, which reads its section from the path.
const organizer = () => import('./organizer/Organizer.svelte');
for (const section of ['', '/fleet', '/report', '/ops', '/event']) pages[`/organizer${section}`] = organizer;

const path = location.pathname.replace(/\/+$/, '') || '/';
// The ceremonies' pages carry an id: /organizer/ceremonies/:id and /organizer/ceremonies/:id/run-sheet.
const ceremonies = /^\/organizer\/ceremonies(\/[^/]+(\/run-sheet)?)?$/.test(path) ? () => import('./organizer/Ceremonies.svelte') : undefined;
const load = ceremonies ?? pages[path] ?? pages['/']!;
const target = document.getElementById('app')!;
load().then(({ default: Page }) => mount(Page, { target }));
