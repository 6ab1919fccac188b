import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'client',
  // client/public/ is the phone page's source, not files to copy as they are.
  publicDir: false,
  plugins: [
    svelte(),
    // The desk's shell offline (docs/STAFF.md): pages and assets precached; API answers,
    // sockets and the screens' pages (/display, /, /organizer) always go to the network.
    VitePWA({
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackAllowlist: [/^\/login\/?$/, /^\/staff(\/.*)?$/],
        navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//, /^\/display/, /^\/live/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    // The phone page and embeds are their own page, so that none of the app's code reaches a phone.
    rollupOptions: { input: { main: fileURLToPath(new URL('client/index.html', import.meta.url)), public: fileURLToPath(new URL('client/public.html', import.meta.url)) } },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
