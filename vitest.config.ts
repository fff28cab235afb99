import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (see each package's
  // "source" export), so tests never run against a stale build. Tests run as SSR in Vite.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    environment: 'node',
    pool: 'forks',
    // eventsource-parser (under the MCP SDK's HTTP client) also exports a "source" condition,
    // pointing at TypeScript; run it through Vite like our own sources instead of Node.
    server: { deps: { inline: ['eventsource-parser', '@modelcontextprotocol/sdk'] } },
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'scripts/**/test/**/*.test.ts', 'mcps/*/test/**/*.test.ts'],
          exclude: ['apps/gateway/**'],
        },
      },
      {
        // The standalone gateway (apps/gateway): real PostgreSQL (one throwaway cluster per run,
        // started and stopped by the global setup), the embedded PGlite store, gateway processes
        // killed with SIGKILL and the real runtime. The timeouts are hang guards.
        extends: true,
        test: {
          name: 'gateway',
          include: ['apps/gateway/test/**/*.test.ts'],
          globalSetup: ['apps/gateway/test/support/global-setup.ts'],
          // Several files start runtimes and gateway processes; one file at a time keeps the
          // two cores from starving each other's leases and heartbeats.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Browser end-to-end tests (e2e/harness.ts): Chromium + the real host and runtime + a
        // scripted model. Each file boots one host and one browser in beforeAll, so hooks get
        // room; the timeouts are hang guards, not performance budgets.
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 150_000,
        },
      },
    ],
  },
});
