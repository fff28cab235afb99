import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that start the real OpenCode binary (directly, through a host, or through the CLI). */
const REAL_RUNTIME = [
  'packages/runtime/test/integration/**/*.test.ts',
  'packages/runtime/test/session/sessions.test.ts',
  'packages/host/test/host/!(without-runtime).test.ts',
  'packages/host/test/diagnostics/host-export.test.ts',
  'packages/host/test/providers/catalog-runtime.test.ts',
  'apps/cli/test/host.test.ts',
  'apps/cli/test/run.test.ts',
  'apps/cli/test/jobs-host-killed.test.ts',
  'packages/jobs/test/integration/**/*.test.ts',
  'mcps/jobs/test/**/*.test.ts',
];

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
    // Fails the run (and kills them) when runtimes, MCP servers or hosts the tests started are still alive.
    globalSetup: ['scripts/test/process-guard.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'scripts/**/test/**/*.test.ts', 'mcps/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...REAL_RUNTIME, 'apps/gateway/**'],
        },
      },
      {
        // The real OpenCode binary against the scripted model: boots, restarts and long answers
        // take seconds each on a loaded machine, so these get their own, larger, hang guards.
        extends: true,
        test: {
          name: 'runtime',
          include: REAL_RUNTIME,
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The standalone gateway (apps/gateway): real PostgreSQL (one throwaway cluster per run,
        // started and stopped by its global setup, which runs after the root's process guard),
        // the embedded PGlite store, gateway processes killed with SIGKILL and the real runtime.
        // The timeouts are hang guards.
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
