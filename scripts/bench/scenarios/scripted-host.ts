import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@open-cowork/config';
import { Host, Logger, MemoryCipher } from '@open-cowork/host';
import type { ScriptedModel } from '@open-cowork/testing';

/**
 * An in-process host (not started) whose user config file wires the scripted model as its
 * only provider, with its data under `<sandbox>/data`; the repo is its app root.
 */
export async function createScriptedHost(repoRoot: string, sandbox: string, model: ScriptedModel): Promise<Host> {
  const userDataDir = join(sandbox, 'data');
  mkdirSync(userDataDir);
  writeFileSync(
    join(userDataDir, 'config.json'),
    JSON.stringify({
      providers: {
        available: ['scripted'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url, apiKey: 'bench' }, models: { 'scripted-1': {} } } },
      },
    }),
  );
  const load = loadConfig({ defaultConfigPath: join(repoRoot, 'open-cowork.config.json'), env: {}, cwd: sandbox, homeDir: sandbox, userDataDir, managedConfigPaths: [] });
  if (!load.ok) throw new Error(`bench config is invalid: ${JSON.stringify(load.issues)}`);
  const logger = new Logger({ runId: 'bench', sink: () => undefined });
  return Host.create({ load, appRoot: repoRoot, dataDir: userDataDir, logger, cipher: new MemoryCipher(), npmRegistry: 'http://127.0.0.1:9/' });
}
