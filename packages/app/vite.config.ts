// Builds the renderer into dist/: hashed assets, no inline scripts or styles, so the page
// runs under the host's CSP (default-src 'self'; script-src 'self'; style-src 'self'; …).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  // Absolute asset URLs: the host serves index.html for client routes at any depth.
  base: '/',
  plugins: [react()],
  // Workspace packages resolve to their TypeScript sources (their "source" export).
  resolve: { conditions: ['source'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs into CSS or JS; the CSP allows data: images only.
    assetsInlineLimit: 0,
    // A separate polyfill chunk keeps index.html free of inline script.
    modulePreload: { polyfill: false },
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev -w @open-cowork/app` talks to a host on the default port (open-cowork start).
    // The host refuses other Hosts and Origins (DNS rebinding, cross-site requests), so the dev
    // proxy presents itself as a same-origin client of the host.
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:8787',
        changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
      },
    },
  },
});
