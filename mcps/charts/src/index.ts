// The charts MCP server: Vega-Lite specs rendered to sanitized SVG artifacts.
//
// Environment:
//   OPEN_COWORK_ARTIFACTS_DIR              absolute directory for the SVG files (created if missing); required
//   OPEN_COWORK_CHARTS_RENDER_TIMEOUT_MS   optional, 1-60000 (default 5000)
//
// This file is also the render worker's script: started as a worker, it renders one chart.

import { EnvError, absoluteDirFromEnv, optionalEnv, runStdioServer, type Env } from '@open-cowork/mcp-kit';
import { DEFAULT_LIMITS, type ChartLimits } from './limits.js';
import { chartsTools, type ChartsContext } from './tools.js';
import { isRenderWorker, limitConcurrency, renderInWorker, runRenderWorker } from './worker.js';

export const TIMEOUT_ENV = 'OPEN_COWORK_CHARTS_RENDER_TIMEOUT_MS';
/** Render workers running at once; further calls wait (each worker is a V8 isolate of its own). */
const MAX_PARALLEL_RENDERS = 2;

function setup(env: Env): ChartsContext {
  const artifactsDir = absoluteDirFromEnv(env, 'OPEN_COWORK_ARTIFACTS_DIR', { create: true });
  const limits: ChartLimits = { ...DEFAULT_LIMITS };
  const timeout = optionalEnv(env, TIMEOUT_ENV);
  if (timeout !== undefined) {
    const value = Number(timeout);
    if (!Number.isInteger(value) || value < 1 || value > 60_000) {
      throw new EnvError(TIMEOUT_ENV, `${TIMEOUT_ENV} must be a whole number of milliseconds from 1 to 60000; got "${timeout}".`);
    }
    limits.renderTimeoutMs = value;
  }
  const entry = new URL(import.meta.url);
  const render = limitConcurrency(MAX_PARALLEL_RENDERS, (spec: Record<string, unknown>) => renderInWorker(spec, { entry, timeoutMs: limits.renderTimeoutMs }));
  return { artifactsDir, limits, render };
}

if (isRenderWorker()) {
  await runRenderWorker();
} else {
  await runStdioServer({
    name: 'charts',
    version: '0.1.0',
    instructions: 'charts_render draws a Vega-Lite spec with inline data and returns the saved SVG artifact; summarise the data in text as well.',
    setup,
    tools: chartsTools,
  });
}
