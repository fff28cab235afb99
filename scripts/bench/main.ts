/**
 * `npm run bench`: runs every scenario, prints medians, spreads and ratios against each
 * scenario's baseline, and writes the numbers to .bench/results.json.
 *
 *   npm run bench -- [--samples N] [--warmup N] [--only NAME]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatResult, runScenario, type Scenario, type ScenarioResult } from './runner.js';
import { chatOpen10kScenario } from './scenarios/chat-open-10k.js';
import { firstAnswerScenario } from './scenarios/first-answer.js';
import { configLoadScenario } from './scenarios/config-load.js';
import { gatewayQueuePgliteScenario, gatewayQueuePostgresScenario } from './scenarios/gateway-queue.js';
import { gatewayRoundTripScenario } from './scenarios/gateway-round-trip.js';
import { jobsPathScenario } from './scenarios/jobs-path.js';
import { startPostgresCluster } from '../../apps/gateway/test/support/postgres-cluster.js';
import { promptRoundTripScenario } from './scenarios/prompt-round-trip.js';
import { rendererBundleScenario } from './scenarios/renderer-bundle.js';
import { runnerPathScenario } from './scenarios/runner-path.js';
import { runtimeStartScenario } from './scenarios/runtime-start.js';
import { sandboxStartScenario } from './scenarios/sandbox-start.js';
import { settingsChangeScenario } from './scenarios/settings-change.js';
import { sseFanOutScenario } from './scenarios/sse-fan-out.js';
import { streamFpsScenario } from './scenarios/stream-fps.js';
import { uiInteractiveScenario } from './scenarios/ui-interactive.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The renderer scenarios need packages/app/dist (npm run bench builds it) and Chromium.
const scenarios: readonly Scenario[] = [
  configLoadScenario(repoRoot),
  runtimeStartScenario(),
  sandboxStartScenario(),
  promptRoundTripScenario(),
  firstAnswerScenario(),
  sseFanOutScenario(repoRoot),
  settingsChangeScenario(repoRoot),
  rendererBundleScenario(repoRoot),
  chatOpen10kScenario(),
  streamFpsScenario(),
  uiInteractiveScenario(),
  gatewayRoundTripScenario(),
  runnerPathScenario(),
  jobsPathScenario(),
  // A throwaway PostgreSQL cluster (Debian's postgresql, as the gateway tests use).
  gatewayQueuePostgresScenario(startPostgresCluster),
  gatewayQueuePgliteScenario(),
];

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const samples = Number(values.samples);
const warmup = Number(values.warmup);
if (!Number.isInteger(samples) || samples < 3 || !Number.isInteger(warmup) || warmup < 0) {
  console.error('--samples must be an integer ≥ 3 and --warmup an integer ≥ 0');
  process.exit(2);
}
const selected = scenarios.filter((scenario) => values.only === undefined || scenario.name === values.only);
if (selected.length === 0) {
  console.error(`No scenario named "${values.only}". Known: ${scenarios.map((scenario) => scenario.name).join(', ')}`);
  process.exit(2);
}

console.log(`node ${process.version}; by default ${samples} samples after ${warmup} warm-up rounds (slow scenarios set their own)\n`);
const results: ScenarioResult[] = [];
for (const scenario of selected) {
  const result = await runScenario(scenario, { samples, warmup });
  results.push(result);
  console.log(`${formatResult(result)}${scenario.summary ? `\n${scenario.summary(result)}` : ''}\n`);
}
const outDir = join(repoRoot, '.bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`);
console.log(`Wrote ${join('.bench', 'results.json')}`);
