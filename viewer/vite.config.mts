/** Vite build of the viewer: `vite build viewer` -> viewer/dist, served by `dreamdrive serve` at /. */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // `vite viewer` (dev server) talks to a running `dreamdrive serve` on the default port.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
