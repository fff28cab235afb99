import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { loadConfig } from '@open-cowork/config';
import type { Scenario } from '../runner.js';

/**
 * Loading the built-in default plus the downstream example overlay, as the app does at start.
 * Baseline: only reading and JSON-parsing the same two files, the floor any loader pays.
 * Also timed: validating them with ajv compiled at run time, the cost the precompiled
 * (standalone) validators avoid on every cold start.
 */
export function configLoadScenario(repoRoot: string): Scenario {
  const defaultConfigPath = join(repoRoot, 'open-cowork.config.json');
  const downstreamRoot = join(repoRoot, 'examples', 'downstream');
  const overlayPath = join(downstreamRoot, 'open-cowork.config.json');
  const schemaPath = join(repoRoot, 'open-cowork.config.schema.json');
  let sandbox = '';

  const load = () => {
    const result = loadConfig({
      defaultConfigPath,
      env: { OPEN_COWORK_DOWNSTREAM_ROOT: downstreamRoot },
      userDataDir: join(sandbox, 'user'),
      managedConfigPaths: [],
      cwd: sandbox,
    });
    if (!result.ok) throw new Error(`bench config is invalid: ${JSON.stringify(result.issues)}`);
    return result;
  };

  return {
    name: 'config-load',
    description: 'load + validate the default config and the downstream example overlay',
    iterations: 20,
    setup: () => {
      sandbox = mkdtempSync(join(tmpdir(), 'oc-bench-'));
      load(); // fail fast if the inputs are broken
      return () => rmSync(sandbox, { recursive: true, force: true });
    },
    baseline: {
      name: 'read + JSON.parse only',
      run: () => [JSON.parse(readFileSync(defaultConfigPath, 'utf8')), JSON.parse(readFileSync(overlayPath, 'utf8'))],
    },
    variants: [
      { name: 'loadConfig (precompiled validators)', run: load },
      {
        name: 'ajv compiled at run time (cold)',
        run: () => {
          const ajv = new Ajv2020.default({ strict: true, allErrors: true, discriminator: true, useDefaults: true });
          const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
          return validate(JSON.parse(readFileSync(defaultConfigPath, 'utf8')));
        },
      },
    ],
  };
}
