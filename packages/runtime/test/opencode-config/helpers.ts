import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, locateDefaultConfig, type OpenCoworkConfig } from '@open-cowork/config';
import type { McpLocalConfig, McpRemoteConfig } from '@opencode-ai/sdk/v2';
import type { RuntimeSettings } from '../../src/settings.js';
import { buildOpencodeConfig, type BuildResult, type BundledResources } from '../../src/opencode-config/index.js';

/** A small valid app config; `patch` replaces whole top-level sections. */
export function makeConfig(patch: Partial<OpenCoworkConfig> = {}): OpenCoworkConfig {
  return {
    contractVersion: 1,
    branding: { name: 'Test Cowork', appId: 'com.example.test', dataDirName: 'test-cowork' },
    providers: {
      available: ['openrouter'],
      defaultProvider: 'openrouter',
      descriptors: { openrouter: { name: 'OpenRouter', credentials: [{ key: 'apiKey', label: 'API key' }] } },
    },
    ...patch,
  };
}

/** Bundled resources that know every MCP package and the given skills. */
export function makeBundled(options: {
  readonly missingPackages?: readonly string[];
  readonly skills?: readonly string[];
  readonly mcpEnvironment?: BundledResources['mcpEnvironment'];
} = {}): BundledResources {
  return {
    mcpCommand: (packageName) =>
      options.missingPackages?.includes(packageName) ? undefined : ['/opt/node', `/app/mcps/${packageName}/index.js`],
    skillDirs: Object.fromEntries((options.skills ?? []).map((name) => [name, `/app/skills/${name}`])),
    ...(options.mcpEnvironment !== undefined ? { mcpEnvironment: options.mcpEnvironment } : {}),
  };
}

export function build(
  config: OpenCoworkConfig = makeConfig(),
  settings: RuntimeSettings = {},
  bundled: BundledResources = makeBundled(),
): BuildResult {
  return buildOpencodeConfig({ config, settings, bundled });
}

export function codes(result: BuildResult): string[] {
  return result.warnings.map((warning) => warning.code);
}

/** The repository's default config, loaded as the app loads it (schema defaults filled in). */
export function loadDefaultConfig(): OpenCoworkConfig {
  const sandbox = mkdtempSync(join(tmpdir(), 'oc-opencode-config-'));
  try {
    const result = loadConfig({
      defaultConfigPath: locateDefaultConfig(),
      env: {},
      cwd: sandbox,
      homeDir: sandbox,
      userDataDir: join(sandbox, 'user-data'),
      managedConfigPaths: [],
      platform: 'linux',
    });
    if (result.config === undefined) throw new Error(`default config failed to load: ${JSON.stringify(result.issues)}`);
    return result.config;
  } finally {
    rmSync(sandbox, { recursive: true, force: true, maxRetries: 3 });
  }
}

type McpMap = NonNullable<BuildResult['config']['mcp']>;

/** One emitted MCP entry, asserted to be local. */
export function localMcp(mcp: McpMap | undefined, name: string): McpLocalConfig {
  const entry = mcp?.[name];
  if (entry === undefined || !('type' in entry) || entry.type !== 'local') throw new Error(`MCP "${name}" is not a local entry`);
  return entry;
}

/** One emitted MCP entry, asserted to be remote. */
export function remoteMcp(mcp: McpMap | undefined, name: string): McpRemoteConfig {
  const entry = mcp?.[name];
  if (entry === undefined || !('type' in entry) || entry.type !== 'remote') throw new Error(`MCP "${name}" is not a remote entry`);
  return entry;
}
