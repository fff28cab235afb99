import { describe, expect, it } from 'vitest';
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { RuntimeSettings } from '../../src/settings.js';
import { buildOpencodeConfig } from '../../src/index.js';
import { build, codes, makeBundled, makeConfig } from './helpers.js';

type Providers = OpenCoworkConfig['providers'];

const PROVIDERS: Providers = {
  available: ['openrouter', 'openai', 'github-copilot', 'acme'],
  defaultProvider: 'openrouter',
  defaultModel: 'anthropic/claude-sonnet-4',
  descriptors: {
    openrouter: {
      name: 'OpenRouter',
      credentials: [{ key: 'apiKey', label: 'API key' }],
      defaultModel: 'anthropic/claude-sonnet-4',
      models: [
        { id: 'anthropic/claude-sonnet-4', name: 'Claude Sonnet 4', limit: { context: 200000 } },
        { id: 'openai/gpt-4.1', name: 'GPT-4.1', limit: { context: 1000000, output: 32768 }, cost: { input: 2, output: 8 } },
      ],
    },
    openai: { name: 'OpenAI', credentials: [{ key: 'apiKey', label: 'API key' }], defaultModel: 'gpt-4.1', models: [] },
    'github-copilot': { name: 'GitHub Copilot', runtimeActivation: 'config', credentials: [], models: [] },
    acme: {
      runtime: 'custom',
      name: 'Acme Router',
      credentials: [{ key: 'apiKey', label: 'Key' }, { key: 'organization', label: 'Org' }],
      models: [{ id: 'acme-large', name: 'Acme Large (featured)', limit: { context: 100000 } }],
    },
  },
  custom: {
    acme: {
      npm: '@ai-sdk/openai-compatible',
      options: { baseURL: 'https://llm.acme.example/v1', apiKey: 'build-supplied' },
      models: { 'acme-large': { name: 'Acme Large', cost: { input: 1 } }, 'acme-small': {} },
    },
  },
};

function providers(patch: Partial<Providers> = {}, settings: RuntimeSettings = {}) {
  const result = build(makeConfig({ providers: { ...PROVIDERS, ...patch } }), settings);
  return { result, config: result.config, provider: result.config.provider ?? {} };
}

describe('enabled providers', () => {
  it('are every available provider when the user has not chosen', () => {
    expect(providers().config.enabled_providers).toEqual(['openrouter', 'openai', 'github-copilot', 'acme']);
  });

  it("are narrowed to the user's connected providers, in config order", () => {
    const { config, provider } = providers({}, { enabledProviders: ['acme', 'openrouter'] });
    expect(config.enabled_providers).toEqual(['openrouter', 'acme']);
    expect(Object.keys(provider)).toEqual(['acme']);
  });

  it('ignore a provider the build does not offer, with a warning', () => {
    const { result } = providers({}, { enabledProviders: ['openrouter', 'opencode'] });
    expect(result.config.enabled_providers).toEqual(['openrouter']);
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_PROVIDER_NOT_OFFERED']);
  });

  it('can be none', () => {
    const { config } = providers({}, { enabledProviders: [] });
    expect(config.enabled_providers).toEqual([]);
    expect(config).not.toHaveProperty('model');
    expect(config).not.toHaveProperty('provider');
  });
});

describe('provider entries', () => {
  it('pass nothing for a native provider without credentials (no accidental activation)', () => {
    const { provider } = providers();
    expect(provider).not.toHaveProperty('openrouter');
    expect(provider).not.toHaveProperty('openai');
  });

  it('pass a name-only entry for runtimeActivation "config"', () => {
    expect(providers().provider['github-copilot']).toEqual({ name: 'GitHub Copilot' });
  });

  it('pass a custom provider whole: npm, name, options and merged models', () => {
    expect(providers().provider['acme']).toEqual({
      npm: '@ai-sdk/openai-compatible',
      name: 'Acme Router',
      options: { baseURL: 'https://llm.acme.example/v1', apiKey: 'build-supplied' },
      models: {
        // Custom models merge over the descriptor's; missing required fields become 0 (no catalog behind it).
        'acme-large': { name: 'Acme Large', limit: { context: 100000, output: 0 }, cost: { input: 1, output: 0 } },
        'acme-small': {},
      },
    });
  });

  it("prefer the custom entry's own name over the descriptor's", () => {
    const { provider } = providers({ custom: { acme: { npm: 'pkg', name: 'Acme (custom)' } } });
    expect(provider['acme']).toMatchObject({ npm: 'pkg', name: 'Acme (custom)' });
  });

  it('warn about a custom descriptor without a custom entry, and a custom entry that is not available', () => {
    const { result } = providers({
      available: ['openrouter', 'acme'],
      custom: { other: { npm: 'x' } },
    });
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_CUSTOM_PROVIDER_UNAVAILABLE', 'OPENCODE_CONFIG_CUSTOM_PROVIDER_MISSING']);
    expect(result.warnings.map((w) => w.pointer)).toEqual(['/providers/custom/other', '/providers/descriptors/acme/runtime']);
    expect(result.config.provider ?? {}).not.toHaveProperty('other');
  });
});

describe('provider credentials', () => {
  it("go into that provider's options only, activating it with its featured models", () => {
    const { provider, result } = providers({}, { providerCredentials: { openrouter: { apiKey: 'sk-or-1' } } });
    expect(provider['openrouter']).toEqual({
      options: { apiKey: 'sk-or-1' },
      models: {
        'anthropic/claude-sonnet-4': { name: 'Claude Sonnet 4' },
        'openai/gpt-4.1': { name: 'GPT-4.1', limit: { context: 1000000, output: 32768 }, cost: { input: 2, output: 8 } },
      },
    });
    expect(JSON.stringify(result.config)).toContain('sk-or-1');
    expect(JSON.stringify(result.env)).not.toContain('sk-or-1');
    expect(provider['openai']).toBeUndefined();
    expect(JSON.stringify(provider['acme'])).not.toContain('sk-or-1');
  });

  it('win over a build-supplied option and add declared extra fields', () => {
    const { provider } = providers({}, { providerCredentials: { acme: { apiKey: 'user-key', organization: 'acme-eu' } } });
    expect(provider['acme']?.options).toEqual({ baseURL: 'https://llm.acme.example/v1', apiKey: 'user-key', organization: 'acme-eu' });
  });

  it('pass baseURL even when the descriptor does not declare it', () => {
    const { provider } = providers({}, { providerCredentials: { openai: { baseURL: 'https://proxy.example/v1' } } });
    expect(provider['openai']).toEqual({ options: { baseURL: 'https://proxy.example/v1' } });
  });

  it('drop undeclared keys with a warning that names the key but never the value', () => {
    const { provider, result } = providers({}, { providerCredentials: { openai: { apiKey: 'sk-1', secretSauce: 'hunter2' } } });
    expect(provider['openai']).toEqual({ options: { apiKey: 'sk-1' } });
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_PROVIDER_CREDENTIAL_UNKNOWN']);
    expect(result.warnings[0]?.message).toContain('secretSauce');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('treat empty values as unset', () => {
    expect(providers({}, { providerCredentials: { openai: { apiKey: '' } } }).provider).not.toHaveProperty('openai');
  });

  it('are ignored for providers that are not enabled', () => {
    const { provider, result } = providers({}, { enabledProviders: ['openrouter'], providerCredentials: { openai: { apiKey: 'sk-x' } } });
    expect(provider).not.toHaveProperty('openai');
    expect(JSON.stringify(result)).not.toContain('sk-x');
  });
});

describe('dynamic catalog models', () => {
  const catalogModels = {
    openrouter: [{ id: 'openai/gpt-4.1', name: 'GPT 4.1 (catalog name)' }, { id: 'mistral/large', name: 'Mistral Large' }, { id: 'qwen/coder' }],
    openai: [{ id: 'gpt-5' }],
  };
  const withCatalogs = (settings: RuntimeSettings, patch: Partial<Providers> = {}) =>
    buildOpencodeConfig({ config: makeConfig({ providers: { ...PROVIDERS, ...patch } }), settings, bundled: makeBundled(), catalogModels }).config.provider ?? {};

  it("join a connected provider's entry after its featured models; the config's fields win", () => {
    const provider = withCatalogs({ providerCredentials: { openrouter: { apiKey: 'sk-or-1' } } });
    expect(provider['openrouter']?.models).toEqual({
      'anthropic/claude-sonnet-4': { name: 'Claude Sonnet 4' },
      'openai/gpt-4.1': { name: 'GPT-4.1', limit: { context: 1000000, output: 32768 }, cost: { input: 2, output: 8 } },
      'mistral/large': { name: 'Mistral Large' },
      'qwen/coder': {},
    });
  });

  it('never create an entry (and so never activate a provider) by themselves', () => {
    const provider = withCatalogs({ providerCredentials: { openrouter: { apiKey: 'sk-or-1' } } });
    expect(provider['openai']).toBeUndefined();
    expect(withCatalogs({}, {})).not.toHaveProperty('openrouter');
  });

  it('are left out for providers that are not enabled', () => {
    const provider = withCatalogs({ enabledProviders: ['openai'], providerCredentials: { openrouter: { apiKey: 'sk-or-1' }, openai: { apiKey: 'sk-1' } } });
    expect(provider['openrouter']).toBeUndefined();
    expect(provider['openai']?.models).toEqual({ 'gpt-5': {} });
  });
});

describe('modelInfo', () => {
  const withCredentials: RuntimeSettings = { providerCredentials: { openrouter: { apiKey: 'k' } } };

  it('merges "provider/model" overrides over the listed model, cost in OpenCode shape', () => {
    const { provider } = providers(
      {
        modelInfo: {
          'openrouter/anthropic/claude-sonnet-4': {
            limit: { output: 64000 },
            cost: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
          },
        },
      },
      withCredentials,
    );
    expect(provider['openrouter']?.models?.['anthropic/claude-sonnet-4']).toEqual({
      name: 'Claude Sonnet 4',
      limit: { context: 200000, output: 64000 },
      cost: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
    });
  });

  it('adds a model the provider does not list, and copies limit.input', () => {
    const { provider } = providers(
      { modelInfo: { 'openrouter/new/model': { limit: { context: 50000, input: 40000, output: 10000 } } } },
      withCredentials,
    );
    expect(provider['openrouter']?.models?.['new/model']).toEqual({ limit: { context: 50000, input: 40000, output: 10000 } });
  });

  it('applies a bare model key to every enabled provider that lists that id', () => {
    const { provider } = providers({ modelInfo: { 'acme-small': { limit: { context: 8000, output: 2000 } } } });
    expect(provider['acme']?.models?.['acme-small']).toEqual({ limit: { context: 8000, output: 2000 } });
  });

  it('reads a key as "provider/model" only when its first segment is a declared provider', () => {
    const { provider } = providers({ modelInfo: { 'openai/gpt-4.1': { cost: { input: 1, output: 4 } } } }, withCredentials);
    // "openai" IS a declared provider, so this key means provider openai, model gpt-4.1 — not OpenRouter's model.
    expect(provider['openrouter']?.models?.['openai/gpt-4.1']?.cost).toEqual({ input: 2, output: 8 });
    const bare = providers({ modelInfo: { 'anthropic/claude-sonnet-4': { limit: { context: 1, output: 2 } } } }, withCredentials);
    expect(bare.provider['openrouter']?.models?.['anthropic/claude-sonnet-4']?.limit).toEqual({ context: 1, output: 2 });
  });

  it('applies qualified keys after bare ones', () => {
    const { provider } = providers({
      modelInfo: {
        'acme/acme-small': { limit: { context: 2, output: 2 } },
        'acme-small': { limit: { context: 1, output: 1 } },
      },
    });
    expect(provider['acme']?.models?.['acme-small']?.limit).toEqual({ context: 2, output: 2 });
  });

  it('warns about a bare key that matches nothing', () => {
    const { result } = providers({ modelInfo: { 'gpt-9': { limit: { context: 1, output: 1 } } } });
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MODEL_INFO_UNMATCHED']);
    expect(result.warnings[0]?.pointer).toBe('/providers/modelInfo/gpt-9');
  });

  it('leaves an incomplete override of a catalog model to the catalog, with a warning saying what to add', () => {
    const { provider, result } = providers(
      { modelInfo: { 'openrouter/openai/gpt-4.1': { limit: { context: 900000 } }, 'openrouter/x/y': { cost: { cache_read: 1 } } } },
      withCredentials,
    );
    // The listed model keeps its complete values; the override's context merged in, output from the listing.
    expect(provider['openrouter']?.models?.['openai/gpt-4.1']?.limit).toEqual({ context: 900000, output: 32768 });
    expect(provider['openrouter']?.models?.['x/y']).toEqual({});
    expect(codes(result)).toEqual(['OPENCODE_CONFIG_MODEL_COST_INCOMPLETE']);
    expect(result.warnings[0]?.pointer).toBe('/providers/modelInfo/openrouter~1x~1y');

    const partial = providers({ modelInfo: { 'openrouter/a/b': { limit: { context: 5 } } } }, withCredentials);
    expect(codes(partial.result)).toEqual(['OPENCODE_CONFIG_MODEL_LIMIT_INCOMPLETE']);
    expect(partial.result.warnings[0]?.message).toContain('limit.output');
  });

  it('does not warn about incomplete featured-model metadata (the catalog stands)', () => {
    expect(providers({}, withCredentials).result.warnings).toEqual([]);
  });

  it('skips overrides for providers that are not enabled', () => {
    const { result, provider } = providers(
      { modelInfo: { 'openai/gpt-4.1': { limit: { context: 1, output: 1 } } } },
      { enabledProviders: ['openrouter'] },
    );
    expect(result.warnings).toEqual([]);
    expect(provider).not.toHaveProperty('openai');
  });
});

describe('default models', () => {
  it("take the user's model when its provider is enabled", () => {
    expect(providers({}, { model: 'acme/acme-large' }).config.model).toBe('acme/acme-large');
  });

  it('fall back to defaultProvider with providers.defaultModel', () => {
    expect(providers().config.model).toBe('openrouter/anthropic/claude-sonnet-4');
  });

  it("fall back to the descriptor's defaultModel when providers.defaultModel is unset", () => {
    const { config } = providers({ defaultProvider: 'openai', defaultModel: undefined });
    expect(config.model).toBe('openai/gpt-4.1');
  });

  it('accept a default written as "provider/model"', () => {
    expect(providers({ defaultModel: 'openrouter/anthropic/claude-sonnet-4' }).config.model).toBe('openrouter/anthropic/claude-sonnet-4');
  });

  it('keep a provider-prefixed id that is itself a listed model', () => {
    const { config } = providers({
      defaultModel: 'openrouter/auto',
      descriptors: { ...PROVIDERS.descriptors, openrouter: { name: 'OpenRouter', models: [{ id: 'openrouter/auto' }] } },
    });
    expect(config.model).toBe('openrouter/openrouter/auto');
  });

  it("use the first enabled provider's default when the default provider is not enabled", () => {
    expect(providers({}, { enabledProviders: ['openai', 'acme'] }).config.model).toBe('openai/gpt-4.1');
  });

  it('leave the choice to OpenCode when no default is known', () => {
    const { config } = providers({ defaultProvider: 'acme', defaultModel: undefined });
    expect(config).not.toHaveProperty('model');
  });

  it('ignore a malformed or disabled user model, with warnings, and fall back', () => {
    const bad = providers({}, { model: 'claude' });
    expect(bad.config.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(codes(bad.result)).toEqual(['OPENCODE_CONFIG_MODEL_REF_INVALID']);
    const disabled = providers({}, { model: 'openai/gpt-4.1', enabledProviders: ['openrouter'] });
    expect(disabled.config.model).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(codes(disabled.result)).toEqual(['OPENCODE_CONFIG_MODEL_PROVIDER_DISABLED']);
  });

  it('set small_model from the settings only', () => {
    expect(providers().config).not.toHaveProperty('small_model');
    expect(providers({}, { smallModel: 'openrouter/openai/gpt-4.1' }).config.small_model).toBe('openrouter/openai/gpt-4.1');
    const bad = providers({}, { smallModel: 'openrouter/' });
    expect(bad.config).not.toHaveProperty('small_model');
    expect(codes(bad.result)).toEqual(['OPENCODE_CONFIG_MODEL_REF_INVALID']);
  });
});
