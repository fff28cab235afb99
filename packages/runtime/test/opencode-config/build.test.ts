import { describe, expect, it } from 'vitest';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { RuntimeSettings } from '../../src/settings.js';
import { buildOpencodeConfig, BuildWarningCode } from '../../src/opencode-config/index.js';
import { build, loadDefaultConfig, localMcp, makeBundled, remoteMcp } from './helpers.js';

const defaultConfig = loadDefaultConfig();
const allSkills = makeBundled({ skills: (defaultConfig.skills ?? []).map((skill) => skill.sourceName ?? skill.name) });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('the default app config', () => {
  const result = build(defaultConfig, {}, allSkills);

  it('builds without warnings', () => {
    expect(result.warnings).toEqual([]);
  });

  it('turns off self-update, sharing, language servers and formatters, and adds nothing else global', () => {
    expect(result.config.autoupdate).toBe(false);
    expect(result.config.share).toBe('disabled');
    expect(result.config.formatter).toBe(false);
    expect(result.config.lsp).toBe(false);
    expect(result.config).not.toHaveProperty('$schema');
    expect(result.config).not.toHaveProperty('experimental');
    expect(Object.keys(result.config)).toEqual([
      'autoupdate', 'share', 'formatter', 'lsp', 'enabled_providers', 'model', 'provider', 'permission', 'agent', 'compaction', 'mcp', 'skills',
    ]);
  });

  it('offers the configured providers and the configured default model', () => {
    expect(result.config.enabled_providers).toEqual(defaultConfig.providers.available);
    expect(result.config.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(result.config.provider).toEqual({ 'github-copilot': { name: 'GitHub Copilot' } });
  });

  it('starts a fresh profile on Ask, with Exa search on', () => {
    expect(result.config.permission).toMatchObject({ bash: 'ask', edit: 'ask', task: 'ask', webfetch: 'ask', codesearch: 'ask', websearch: 'ask' });
    expect(result.env).toEqual({ OPENCODE_ENABLE_EXA: '1' });
  });

  it('writes every bundled MCP, configured agent and skill', () => {
    expect(Object.keys(result.config.mcp ?? {})).toEqual((defaultConfig.mcps ?? []).map((mcp) => mcp.name));
    for (const agent of defaultConfig.agents ?? []) expect(result.config.agent).toHaveProperty(agent.name);
    expect(result.config.skills?.paths).toHaveLength((defaultConfig.skills ?? []).length);
  });
});

describe('purity', () => {
  const settings: RuntimeSettings = {
    model: 'openrouter/openai/gpt-4.1',
    permissions: { bash: 'allow', fileWrite: 'ask', web: 'off' },
    providerCredentials: { openrouter: { apiKey: 'sk-1' } },
    mcpCredentials: { clock: { token: 'x' } },
  };

  it('gives the same output, key order included, for the same input', () => {
    const first = JSON.stringify(build(defaultConfig, settings, allSkills));
    const second = JSON.stringify(build(defaultConfig, settings, allSkills));
    expect(second).toBe(first);
  });

  it('does not depend on the key order of the settings maps', () => {
    const a: RuntimeSettings = { providerCredentials: { acme: { organization: 'o', apiKey: 'k', zzz: 'z', aaa: 'a' } } };
    const b: RuntimeSettings = { providerCredentials: { acme: { aaa: 'a', apiKey: 'k', zzz: 'z', organization: 'o' } } };
    const config: OpenCoworkConfig = {
      ...defaultConfig,
      providers: {
        ...defaultConfig.providers,
        available: ['acme'],
        defaultProvider: 'acme',
        defaultModel: undefined,
        descriptors: { acme: { name: 'Acme', credentials: [{ key: 'organization', label: 'Org' }, { key: 'apiKey', label: 'Key' }] } },
        custom: { acme: { npm: '@ai-sdk/openai-compatible' } },
      },
    };
    expect(JSON.stringify(build(config, a, allSkills))).toBe(JSON.stringify(build(config, b, allSkills)));
  });

  it('does not modify its input', () => {
    const config = deepFreeze(structuredClone(defaultConfig));
    const frozenSettings = deepFreeze(structuredClone(settings));
    expect(() => buildOpencodeConfig({ config, settings: frozenSettings, bundled: allSkills })).not.toThrow();
  });

  it('returns fresh objects: changing the output leaves the input as it was', () => {
    const config: OpenCoworkConfig = {
      ...structuredClone(defaultConfig),
      agents: [{ name: 'tuned', options: { reasoning: { effort: 'high' } } }],
      mcps: [
        { name: 'local', type: 'local', command: ['run', 'it'], environment: { A: '1' } },
        { name: 'remote', type: 'remote', url: 'https://r.example/mcp', headers: { H: 'v' } },
      ],
      providers: {
        ...structuredClone(defaultConfig.providers),
        available: ['acme'],
        defaultProvider: 'acme',
        defaultModel: undefined,
        descriptors: { acme: { name: 'Acme' } },
        custom: { acme: { npm: 'x', options: { baseURL: 'https://a.example', headers: { 'X-A': '1' } }, models: { m: { limit: { context: 1, output: 1 } } } } },
      },
    };
    const before = JSON.stringify(config);
    const out = build(config, {}, allSkills).config;
    const local = localMcp(out.mcp, 'local');
    const remote = remoteMcp(out.mcp, 'remote');
    local.command.push('--evil');
    local.environment!['B'] = '2';
    remote.headers!['H'] = 'changed';
    (out.agent!['tuned']!.options!['reasoning'] as { effort: string }).effort = 'low';
    out.provider!['acme']!.options!['baseURL'] = 'changed';
    (out.provider!['acme']!.options!['headers'] as Record<string, string>)['X-A'] = 'changed';
    out.provider!['acme']!.models!['m']!.limit!.context = 99;
    expect(JSON.stringify(config)).toBe(before);
  });
});

describe('warning codes', () => {
  it('are unique and carry the OPENCODE_CONFIG_ prefix', () => {
    const values = Object.values(BuildWarningCode);
    expect(new Set(values).size).toBe(values.length);
    for (const code of values) expect(code).toMatch(/^OPENCODE_CONFIG_[A-Z_]+$/);
  });
});
