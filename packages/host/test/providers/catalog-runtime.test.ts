// The catalog services against the real runtime and the scripted model: the provider list
// overlays OpenCode's live catalog, a saved custom agent exists in OpenCode after the
// restart with the permissions the config builder wrote, and a configured MCP shows as
// connected. The runtime is composed as the host composes it, with the custom agents added
// to every boot's launch config.
import path from 'node:path';
import type { CustomAgent } from '@open-cowork/contracts';
import { appLaunchConfig, type OpencodeConfig } from '@open-cowork/runtime';
import { factsMcpServerConfig, startScriptedModel, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRuntime } from '../../src/runtime/host-runtime.js';
import { agentHandlers } from '../../src/agents/service.js';
import { CustomAgentStore } from '../../src/agents/store.js';
import { McpCatalog } from '../../src/mcps/catalog.js';
import { MemoryCipher } from '../../src/ports/index.js';
import { capabilityHandlers } from '../../src/mcps/capabilities.js';
import { CustomMcpStore } from '../../src/mcps/store.js';
import { providerHandlers } from '../../src/providers/service.js';
import { opencodeSignIns } from '../../src/providers/signins.js';
import { loadDefault, settingsFor, startingRuntime, tempDir, testLogger, until, valid } from '../support/catalog-runtime.js';

/** OpenCode's background plugin install fails fast against this, so nothing leaves the machine. */
const DEAD_REGISTRY = 'http://127.0.0.1:9/';

const FACT_CHECKER: CustomAgent = {
  name: 'fact-checker',
  description: 'Checks claims against the facts server.',
  instructions: 'Look every claim up before you confirm it.',
  toolIds: ['facts'],
  skillNames: ['research-brief'],
  denyTools: ['facts_env_names'],
};

interface Rule {
  readonly permission: string;
  readonly pattern: string;
  readonly action: string;
}

/** A `permission` object of OpenCode's config as the ordered rules OpenCode makes of it. */
function rulesOf(permission: Record<string, unknown>): Rule[] {
  return Object.entries(permission).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [{ permission: key, pattern: '*', action: value }]
      : Object.entries(value as Record<string, string>).map(([pattern, action]) => ({ permission: key, pattern, action })),
  );
}

function containsInOrder(haystack: readonly Rule[], needle: readonly Rule[]): boolean {
  const key = (rule: Rule) => `${rule.permission}\u0000${rule.pattern}\u0000${rule.action}`;
  const text = haystack.map(key);
  const wanted = needle.map(key);
  return text.some((_, start) => wanted.every((rule, offset) => text[start + offset] === rule));
}

describe('catalog services with the real runtime', () => {
  let model: ScriptedModel;
  let runtime: HostRuntime;
  let workspace: string;
  let handlers: ReturnType<typeof providerHandlers> & ReturnType<typeof agentHandlers> & ReturnType<typeof capabilityHandlers>;
  let offline: ReturnType<typeof providerHandlers>;
  let launchFor: (agents: readonly CustomAgent[]) => Promise<ReturnType<typeof appLaunchConfig>>;

  beforeAll(async () => {
    model = await startScriptedModel({ rules: [] });
    const load = await loadDefault({
      providers: {
        available: ['scripted', 'openrouter', 'openai', 'github-copilot'],
        defaultProvider: 'scripted',
        defaultModel: 'scripted-1',
        custom: {
          scripted: {
            npm: '@ai-sdk/openai-compatible',
            name: 'Scripted',
            options: { baseURL: model.url },
            models: { 'scripted-1': { name: 'Scripted One', limit: { context: 32000, output: 4000 } } },
          },
        },
      },
      tools: [{ id: 'facts', name: 'Facts', description: 'Looks facts up.', patterns: ['facts_*'], writeAccess: false }],
      mcps: [{ name: 'facts', type: 'local', description: 'A facts server.', command: [...factsMcpServerConfig().command] }],
    });
    const config = load.config;
    const dataDir = await tempDir('oc-catalog-data-');
    workspace = await tempDir('oc-catalog-ws-');
    const { settings } = await settingsFor(config);
    const agents = new CustomAgentStore({ file: path.join(dataDir, 'agents.json') });
    const customMcps = new CustomMcpStore({ file: path.join(dataDir, 'mcp.open-cowork.json'), cipher: new MemoryCipher() });
    const { logger } = testLogger();

    // No bundled servers built into this app root: only the facts server runs.
    const appRoot = await tempDir('oc-catalog-app-');
    launchFor = async (customAgents) => appLaunchConfig({ load, settings: await settings.runtimeSettings(), appRoot, customAgents });
    runtime = new HostRuntime({
      load,
      appRoot,
      dataDir,
      settings,
      logger,
      npmRegistry: DEAD_REGISTRY,
      // What host.ts does through its custom-agents option: every boot reads the saved agents;
      // and, as host.ts does, the sandbox shows the workspace (its private /tmp hides the rest).
      supervisor: { restartDebounceMs: 20, launchConfig: async () => launchFor(await agents.list()), sandbox: { workspaces: () => [workspace] } },
    });
    const common = { config, logger, directory: () => workspace, runtime: () => runtime };
    const requestRestart = (reason: string) => runtime.supervisor.requestRestart(reason);
    handlers = {
      ...providerHandlers({ ...common, settings, signIns: opencodeSignIns(dataDir), requestRestart }),
      ...agentHandlers({ config, logger, customAgents: agents, requestRestart }),
      ...capabilityHandlers({ ...common, customAgents: agents, mcps: new McpCatalog({ config, custom: customMcps }), customMcps, credentials: () => settings.credentials() }),
    };
    offline = providerHandlers({ ...common, runtime: () => startingRuntime(), settings, requestRestart });

    await handlers['providers.setCredential']({ providerId: 'openai', key: 'apiKey', value: 'sk-test-openai-key' });
    await runtime.start();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await model?.close();
  });

  it('lays OpenCode\'s live catalog over the configured providers', async () => {
    const { providers } = valid('providers.list', await handlers['providers.list']({}));
    const byId = Object.fromEntries(providers.map((provider) => [provider.id, provider]));
    expect(providers.map((provider) => provider.id)).toEqual(['scripted', 'openrouter', 'openai', 'github-copilot']);
    expect(byId['scripted']).toMatchObject({
      name: 'Scripted',
      configured: true,
      connected: true,
      models: [{ id: 'scripted-1', name: 'Scripted One', contextLimit: 32000, outputLimit: 4000, featured: false }],
    });
    // OpenAI's descriptor lists no models: every one comes from the runtime, with its limits.
    const openai = byId['openai']!;
    expect(openai.connected).toBe(true);
    expect(openai.models.length).toBeGreaterThan(5);
    expect(openai.models.some((m) => (m.contextLimit ?? 0) > 100_000 && (m.outputLimit ?? 0) > 0)).toBe(true);
    expect((await offline['providers.list']({})).providers.find((p) => p.id === 'openai')?.models).toEqual([]);
    // No key and no sign-in: not connected, though the runtime lists Copilot (activated by config).
    expect(byId['openrouter']?.connected).toBe(false);
    expect(byId['github-copilot']?.connected).toBe(false);
    expect(JSON.stringify(providers)).not.toContain('sk-test-openai-key');
  });

  it('offers the runtime\'s sign-in methods', async () => {
    const { methods } = await handlers['providers.authMethods']({ providerId: 'openai' });
    expect(methods).toContainEqual({ type: 'api', label: expect.any(String) });
    expect(methods.some((method) => method.type === 'oauth')).toBe(true);
  });

  it('saves a custom agent that OpenCode runs after the restart, with the permissions the builder wrote', async () => {
    const before = runtime.supervisor.connection().pid;
    const saved = await handlers['agents.save']({ agent: FACT_CHECKER });
    expect(saved).toMatchObject({ name: 'fact-checker', source: 'custom', mode: 'all', readOnly: true, editable: true });

    let listed: { name: string; mode: string; description?: string; prompt?: string; permission: Rule[] } | undefined;
    await until(async () => {
      const connection = runtime.supervisor.connection();
      if (connection.pid === before) return false;
      const answer = await connection.client.app.agents({ directory: workspace });
      listed = (answer.data ?? []).find((agent) => agent.name === 'fact-checker');
      return listed !== undefined;
    }, 'OpenCode to list the custom agent after the restart');

    expect(listed).toMatchObject({ mode: 'all', description: FACT_CHECKER.description, prompt: FACT_CHECKER.instructions });
    const built = ((await launchFor([FACT_CHECKER])).config as OpencodeConfig).agent?.['fact-checker'];
    const expected = rulesOf(built?.permission as Record<string, unknown>);
    expect(expected).toContainEqual({ permission: 'facts_env_names', pattern: '*', action: 'deny' });
    expect(expected).toContainEqual({ permission: 'skill', pattern: 'research-brief', action: 'allow' });
    expect(containsInOrder(listed!.permission, expected)).toBe(true);
  }, 60_000);

  it('shows the configured MCP connected, used by the custom agent', async () => {
    let facts: Awaited<ReturnType<(typeof handlers)['capabilities.list']>>['mcps'][number] | undefined;
    await until(async () => {
      facts = valid('capabilities.list', await handlers['capabilities.list']({})).mcps.find((mcp) => mcp.name === 'facts');
      return facts?.status === 'connected';
    }, 'the facts MCP to connect').catch((error: Error) => {
      throw new Error(`${error.message} Last seen: ${JSON.stringify(facts)}`);
    });
    expect(facts).toEqual({
      name: 'facts',
      type: 'local',
      description: 'A facts server.',
      status: 'connected',
      usedBy: ['fact-checker'],
      source: 'bundled',
      authMode: 'none',
      permissionMode: 'ask',
      configured: true,
    });
    const { tools } = await handlers['capabilities.list']({});
    expect(tools.find((tool) => tool.id === 'facts')).toMatchObject({ mcp: 'facts', patterns: ['facts_*'] });
  }, 60_000);

  it('deletes the custom agent, and OpenCode drops it after the restart', async () => {
    await handlers['agents.delete']({ name: 'fact-checker' });
    await until(async () => {
      const answer = await runtime.supervisor.connection().client.app.agents({ directory: workspace });
      return answer.data !== undefined && !answer.data.some((agent) => agent.name === 'fact-checker');
    }, 'OpenCode to drop the custom agent');
  }, 60_000);
});
