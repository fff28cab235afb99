// Keys of upstream's contract v1 and the meaning the runtime config gives them.
import { describe, expect, it } from 'vitest';
import type { OpenCoworkConfig } from '@open-cowork/config';
import { opencodeToolPattern } from '../../src/opencode-config/rules.js';
import { build, makeBundled, makeConfig } from './helpers.js';

const charts = { name: 'charts', type: 'local' as const, packageName: 'charts' };

describe('upstream tool names', () => {
  it.each([
    ['mcp__charts__*', 'charts_*'],
    ['mcp__time-keep__timer_set', 'time-keep_timer_set'],
    ['mcp__my.server__x', 'my_server_x'],
    ['mcp__*', 'mcp__*'],
    ['mcp__charts', 'mcp__charts'],
    ['charts_*', 'charts_*'],
  ])('%s is OpenCode\'s %s', (pattern, expected) => {
    expect(opencodeToolPattern(pattern)).toBe(expected);
  });

  it('grant and ask under OpenCode\'s names, for the catalog, agents and the global permission', () => {
    const config = makeConfig({
      mcps: [charts],
      tools: [{ id: 'charts', name: 'Charts', kind: 'built-in', namespace: 'charts', patterns: ['mcp__charts__*'], allowPatterns: ['mcp__charts__render'], askPatterns: ['mcp__charts__delete'] }],
      agents: [{ name: 'plotter', toolIds: ['charts'], allowTools: ['mcp__charts__*'], denyTools: ['mcp__charts__delete'] }],
    });
    const { config: built } = build(config);
    expect(built.permission).toMatchObject({ charts_render: 'allow', charts_delete: 'ask' });
    expect(JSON.stringify(built)).not.toContain('mcp__');
    expect(built.agent?.['plotter']?.permission).toMatchObject({ 'charts_*': 'allow', charts_render: 'allow', charts_delete: 'deny' });
  });

  it('read a namespace without patterns as every tool of that server', () => {
    const config = makeConfig({
      mcps: [charts],
      tools: [{ id: 'charts', name: 'Charts', namespace: 'charts' }],
      agents: [{ name: 'plotter', toolIds: ['charts'] }],
    });
    expect(build(config).config.agent?.['plotter']?.permission).toMatchObject({ 'charts_*': 'ask' });
  });
});

describe('tools every agent gets (defaultAccess)', () => {
  const tools: OpenCoworkConfig['tools'] = [
    { id: 'clock', name: 'Clock', kind: 'mcp', namespace: 'clock', allowPatterns: ['mcp__clock__*'], writeAccess: false, defaultAccess: true },
    { id: 'writer', name: 'Writer', namespace: 'writer', allowPatterns: ['writer_*'], writeAccess: true, defaultAccess: true },
  ];

  it('are granted to configured agents that do not name them; a writing tool is not', () => {
    const { config } = build(makeConfig({ tools, agents: [{ name: 'helper' }] }));
    const permission = config.agent?.['helper']?.permission as Record<string, unknown>;
    expect(permission['clock_*']).toBe('allow');
    expect(permission['writer_*']).toBeUndefined();
  });
});

describe('built-in agent fields', () => {
  it('set description, prompt, colour and hidden on the built-in agent', () => {
    const { config } = build(makeConfig({
      builtInAgents: { explore: { description: 'Finds things.', instructions: 'Search first.', color: 'azure', hidden: true, steps: 30 }, general: { color: 'primary' } },
    }));
    expect(config.agent?.['explore']).toMatchObject({ description: 'Finds things.', prompt: 'Search first.', color: 'info', hidden: true, steps: 30 });
    expect(config.agent?.['general']).toMatchObject({ color: 'primary' });
  });

  it('pass hex colours and OpenCode theme names as they are, and map other colour names', () => {
    const { config } = build(makeConfig({ agents: [{ name: 'a', color: '#3b82f6' }, { name: 'b', color: 'error' }, { name: 'c', color: 'danger' }, { name: 'd', color: 'chartreuse' }] }));
    expect(['a', 'b', 'c', 'd'].map((name) => config.agent?.[name]?.color)).toEqual(['#3b82f6', 'error', 'error', 'secondary']);
  });
});

describe('providers', () => {
  it('leave the runtime unrestricted when the config offers none (available: [])', () => {
    const { config } = build(makeConfig({ providers: { available: [], defaultProvider: null, defaultModel: null, descriptors: {} } }));
    expect(config).not.toHaveProperty('enabled_providers');
    expect(config).not.toHaveProperty('model');
  });

  it('fall back to the first provider\'s default when the default provider was cleared (null)', () => {
    const { config } = build(makeConfig({
      providers: { available: ['openrouter'], defaultProvider: null, defaultModel: null, descriptors: { openrouter: { name: 'OpenRouter', defaultModel: 'deepseek/v4' } } },
    }));
    expect(config.model).toBe('openrouter/deepseek/v4');
  });

  it('pass a credential under its runtimeKey, merge descriptor options, and use the provider\'s small model', () => {
    const { config } = build(
      makeConfig({
        providers: {
          available: ['acme'],
          defaultProvider: 'acme',
          descriptors: {
            acme: {
              name: 'Acme',
              options: { region: 'eu', apiKey: 'from-config' },
              credentials: [{ key: 'token', runtimeKey: 'apiKey', label: 'Token' }],
              defaultModel: 'large',
              smallModel: 'small',
              models: [{ id: 'large', name: 'Large', contextLength: 128000, limit: { output: 8192 } }, { id: 'small', name: 'Small', contextLength: 32000 }],
            },
          },
        },
      }),
      { providerCredentials: { acme: { token: 'typed' } } },
    );
    expect(config.provider?.['acme']?.options).toEqual({ region: 'eu', apiKey: 'typed' });
    // contextLength is upstream's limit.context; a catalog provider gets a limit only with both halves.
    expect(config.provider?.['acme']?.models?.['large']).toMatchObject({ limit: { context: 128000, output: 8192 } });
    expect(config.provider?.['acme']?.models?.['small']).toEqual({ name: 'Small' });
    expect(config.model).toBe('acme/large');
    expect(config.small_model).toBe('acme/small');
  });

  it('fill a custom provider\'s {env:NAME} from the stored credential, never from the environment', () => {
    const custom = {
      npm: '@ai-sdk/openai-compatible',
      name: 'Databricks',
      defaultModel: 'dbrx',
      options: { baseURL: 'https://dbc.example/serving', apiKey: '{env:DATABRICKS_TOKEN}', headers: { 'X-Org': '{env:DATABRICKS_ORG}' } },
      credentials: [
        { key: 'token', label: 'Token', secret: true, env: 'DATABRICKS_TOKEN' },
        { key: 'org', label: 'Org', env: 'DATABRICKS_ORG' },
      ],
      models: { dbrx: { name: 'DBRX', options: { maxOutputTokens: 4096 } } },
    };
    const config = makeConfig({ providers: { available: ['dbx'], defaultProvider: 'dbx', descriptors: {}, custom: { dbx: custom } } });
    const stored = build(config, { providerCredentials: { dbx: { token: 'dapi-1', org: 'acme' } } }).config;
    expect(stored.provider?.['dbx']?.options).toEqual({ baseURL: 'https://dbc.example/serving', apiKey: 'dapi-1', headers: { 'X-Org': 'acme' } });
    expect(stored.provider?.['dbx']?.models?.['dbrx']).toMatchObject({ options: { maxOutputTokens: 4096 } });
    expect(stored.model).toBe('dbx/dbrx');
    // Not stored yet: the placeholder becomes empty rather than the shell's value.
    process.env['DATABRICKS_TOKEN'] = 'from-the-shell';
    try {
      const empty = build(config, {}).config;
      expect(empty.provider?.['dbx']?.options).toMatchObject({ apiKey: '' });
      expect(JSON.stringify(empty)).not.toContain('from-the-shell');
    } finally {
      delete process.env['DATABRICKS_TOKEN'];
    }
  });
});

describe('skills by sourceName', () => {
  it('load the skill folder of the skill\'s id and let agents name it by that id', () => {
    const config = makeConfig({
      skills: [{ name: 'Chart Creator', sourceName: 'chart-creator', description: 'Charts.', badge: 'Skill' }],
      agents: [{ name: 'plotter', skillNames: ['chart-creator'] }],
    });
    const result = build(config, {}, makeBundled({ skills: ['chart-creator'] }));
    expect(result.warnings).toEqual([]);
    expect(result.config.skills?.paths).toEqual(['/app/skills/chart-creator']);
    expect(result.config.agent?.['plotter']?.permission).toMatchObject({ skill: { '*': 'deny', 'chart-creator': 'allow' } });
  });
});
