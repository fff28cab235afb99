import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@open-cowork/config';
import { describe, expect, it } from 'vitest';
import { appLaunchConfig, BuildWarningCode, bundledResources } from '../src/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

function write(file: string, content: string | object): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The default config plus a user layer (in `user-data/config.json`) inside a sandbox. */
function loadWithUserLayer(userLayer: object, env: Record<string, string> = {}) {
  const sandbox = mkdtempSync(path.join(tmpdir(), 'oc-launch-'));
  const userDataDir = path.join(sandbox, 'user-data');
  write(path.join(userDataDir, 'config.json'), userLayer);
  const load = loadConfig({ defaultConfigPath: path.join(repoRoot, 'open-cowork.config.json'), env, cwd: sandbox, homeDir: sandbox, userDataDir, managedConfigPaths: [], platform: 'linux' });
  expect(load.issues).toEqual([]);
  return { load, sandbox, userDataDir };
}

describe('bundledResources', () => {
  it('resolves a skill folder against the config file that named it, when it holds a SKILL.md', () => {
    const { load, userDataDir } = loadWithUserLayer({ skills: ['...', { name: 'team-notes', sourceDir: 'skills/team-notes' }, { name: 'empty', sourceDir: 'skills/empty' }] });
    write(path.join(userDataDir, 'skills/team-notes/SKILL.md'), '---\nname: team-notes\ndescription: Notes\n---\nBody');
    mkdirSync(path.join(userDataDir, 'skills/empty'), { recursive: true });
    const resources = bundledResources({ load, appRoot: repoRoot });
    expect(resources.skillDirs['team-notes']).toBe(path.join(userDataDir, 'skills/team-notes'));
    expect(resources.skillDirs).not.toHaveProperty('empty');
  });

  it('starts a bundled MCP with Node and its built entry, and only when it is shipped', () => {
    const appRoot = mkdtempSync(path.join(tmpdir(), 'oc-app-'));
    write(path.join(appRoot, 'mcps/clock/dist/index.js'), '');
    const { load } = loadWithUserLayer({});
    const resources = bundledResources({ load, appRoot, nodePath: '/opt/node' });
    expect(resources.mcpCommand('clock')).toEqual(['/opt/node', path.join(appRoot, 'mcps/clock/dist/index.js')]);
    expect(resources.mcpCommand('charts')).toBeUndefined();
  });
});

describe('appLaunchConfig', () => {
  it('builds the runtime config from the user layer and lists every credential as a log secret', () => {
    const { load } = loadWithUserLayer(
      {
        allowedEnvPlaceholders: ['ACME_TOKEN'],
        providers: { available: ['acme', 'openai'], defaultProvider: 'acme', defaultModel: 'm1', custom: { acme: { npm: '@ai-sdk/openai-compatible', name: 'Acme', options: { baseURL: 'http://127.0.0.1:1/v1', headers: { Authorization: 'Bearer {env:ACME_TOKEN}' } }, models: { m1: {} } } } },
      },
      { ACME_TOKEN: 'acme-secret-token' },
    );
    // An install without the bundled MCP servers built: each is reported, none is fatal.
    const emptyRoot = mkdtempSync(path.join(tmpdir(), 'oc-no-bundles-'));
    const launch = appLaunchConfig({ load, appRoot: emptyRoot, settings: { model: 'acme/m1', providerCredentials: { openai: { apiKey: 'sk-user-openai-key' } } } });
    const config = launch.config as { model?: string; provider?: Record<string, { options?: Record<string, unknown> }> };
    expect(config.model).toBe('acme/m1');
    expect(config.provider?.['acme']?.options?.['baseURL']).toBe('http://127.0.0.1:1/v1');
    expect(config.provider?.['openai']?.options?.['apiKey']).toBe('sk-user-openai-key');
    expect(launch.secrets).toEqual(expect.arrayContaining(['sk-user-openai-key', 'Bearer acme-secret-token']));
    expect(JSON.stringify(launch.env)).not.toContain('secret');
    expect(launch.warnings.map((w) => w.code)).toContain(BuildWarningCode.McpBundleMissing);
  });

  it('writes the custom agents it is given beside the configured ones', () => {
    const { load } = loadWithUserLayer({});
    const launch = appLaunchConfig({
      load,
      appRoot: repoRoot,
      settings: {},
      customAgents: [{ name: 'scribe', description: 'Takes notes.', instructions: 'Be brief.', toolIds: ['clock'] }],
    });
    const agents = (launch.config as { agent?: Record<string, { prompt?: string; mode?: string }> }).agent ?? {};
    expect(Object.keys(agents)).toEqual(expect.arrayContaining(['researcher', 'scribe']));
    expect(agents['scribe']).toMatchObject({ prompt: 'Be brief.', mode: 'all' });
  });
});
