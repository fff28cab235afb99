import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MASK } from '@open-cowork/config';
import { HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { providerHandlers, type ProviderDeps } from '../../src/providers/service.js';
import type { CatalogRuntime } from '../../src/runtime/runtime-call.js';
import { opencodeSignIns } from '../../src/providers/signins.js';
import {
  codedError,
  loadDefault,
  readyRuntime,
  restarts,
  sdkAnswer,
  settingsFor,
  startingRuntime,
  tempDir,
  testLogger,
  valid,
} from '../support/catalog-runtime.js';

const OPENROUTER_KEY = 'sk-or-v1-SECRET-MARKER-0123456789';

async function setup(options: { userLayer?: object; runtime?: CatalogRuntime; signIns?: string[] } = {}) {
  const { config } = await loadDefault(options.userLayer);
  const { settings, file } = await settingsFor(config);
  const { logger, records } = testLogger();
  const restart = restarts();
  const deps: ProviderDeps = {
    config,
    settings,
    runtime: () => options.runtime ?? startingRuntime(),
    directory: () => '/tmp/workspace',
    logger,
    requestRestart: restart.requestRestart,
    ...(options.signIns === undefined ? {} : { signIns: async () => new Set(options.signIns) }),
  };
  return { handlers: providerHandlers(deps), settings, file, config, records, reasons: restart.reasons };
}

describe('providers.list without a runtime', () => {
  it('shows a custom provider that has no descriptor with its own name, description, form fields and default (as upstream)', async () => {
    const { handlers } = await setup({
      userLayer: {
        providers: {
          available: ['dbx'],
          defaultProvider: null,
          defaultModel: null,
          custom: {
            dbx: {
              npm: '@ai-sdk/openai-compatible',
              name: 'Databricks',
              description: 'Models served from our workspace.',
              defaultModel: 'dbrx',
              credentials: [
                { key: 'mode', label: 'Sign-in', description: 'How to sign in.', type: 'select', options: [{ label: 'Token', value: 'token' }, { label: 'OAuth', value: 'oauth' }] },
                { key: 'token', label: 'Token', description: 'A personal access token.', secret: true, env: 'DBX_TOKEN', when: { key: 'mode', op: 'eq', value: 'token' } },
              ],
              models: { dbrx: { name: 'DBRX' } },
            },
          },
        },
      },
    });
    const { providers, defaultModel } = valid('providers.list', await handlers['providers.list']({}));
    expect(defaultModel).toBeUndefined();
    expect(providers).toEqual([
      expect.objectContaining({ id: 'dbx', name: 'Databricks', description: 'Models served from our workspace.', defaultModel: 'dbrx' }),
    ]);
    expect(providers[0]?.credentials).toEqual([
      { key: 'mode', label: 'Sign-in', description: 'How to sign in.', type: 'select', options: [{ label: 'Token', value: 'token' }, { label: 'OAuth', value: 'oauth' }], secret: true, required: false, set: false },
      { key: 'token', label: 'Token', description: 'A personal access token.', when: { key: 'mode', op: 'eq', value: 'token' }, secret: true, required: false, set: false },
    ]);
  });

  it('lists the configured providers in config order, featured models first, nothing connected', async () => {
    const { handlers } = await setup();
    const { providers, defaultModel } = valid('providers.list', await handlers['providers.list']({}));
    expect(providers.map((p) => [p.id, p.configured, p.connected])).toEqual([
      ['openrouter', true, false],
      ['openai', true, false],
      ['github-copilot', true, false],
    ]);
    expect(defaultModel).toBe('openrouter/anthropic/claude-sonnet-4');
    const openrouter = providers[0]!;
    expect(openrouter).toMatchObject({ name: 'OpenRouter', defaultModel: 'anthropic/claude-sonnet-4' });
    expect(openrouter.models[0]).toEqual({ id: 'anthropic/claude-sonnet-4', name: 'Claude Sonnet 4', contextLimit: 200000, featured: true });
    expect(openrouter.models.every((model) => model.featured)).toBe(true);
    expect(openrouter.credentials).toEqual([
      { key: 'apiKey', label: 'API key', description: 'Create a key at openrouter.ai/keys.', placeholder: 'sk-or-...', secret: true, required: true, set: false },
    ]);
    // OpenCode owns the catalog of providers the config leaves empty.
    expect(providers[1]!.models).toEqual([]);
  });

  it('reads a stored secret back only as its mask, and connects the provider', async () => {
    const { handlers, settings, reasons } = await setup();
    const changes: string[] = [];
    settings.onChange((change) => changes.push(change));
    const after = valid('providers.setCredential', await handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: OPENROUTER_KEY }));
    expect(after.connected).toBe(true);
    expect(after.credentials[0]).toMatchObject({ key: 'apiKey', set: true, secret: true, value: MASK });
    const listed = valid('providers.list', await handlers['providers.list']({}));
    expect(JSON.stringify(listed)).not.toContain(OPENROUTER_KEY);
    expect(JSON.stringify(after)).not.toContain(OPENROUTER_KEY);
    // The store's change notice restarts the runtime (wired by the host); nothing else is needed here.
    expect(changes).toEqual(['credentials']);
    expect(reasons).toEqual([]);
  });

  it('shows a non-secret field plainly', async () => {
    const userLayer = {
      providers: {
        descriptors: {
          openai: { name: 'OpenAI', credentials: [{ key: 'apiKey', label: 'API key', secret: true }, { key: 'organization', label: 'Organisation', secret: false }] },
        },
      },
    };
    const { handlers } = await setup({ userLayer });
    const view = await handlers['providers.setCredential']({ providerId: 'openai', key: 'organization', value: 'org-acme' });
    expect(view.credentials.find((c) => c.key === 'organization')).toMatchObject({ secret: false, set: true, value: 'org-acme' });
    // An optional field alone is enough to call OpenAI connected (no field is required).
    expect(view.connected).toBe(true);
  });

  it('keeps the secret off the disk in plain text', async () => {
    const { handlers, file } = await setup();
    await handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: OPENROUTER_KEY });
    expect(await readFile(file, 'utf8')).not.toContain(OPENROUTER_KEY);
  });

  it('clears one credential or all of a provider', async () => {
    const { handlers } = await setup();
    await handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: OPENROUTER_KEY });
    const cleared = await handlers['providers.clearCredential']({ providerId: 'openrouter', key: 'apiKey' });
    expect(cleared.credentials[0]).toMatchObject({ set: false });
    expect(cleared.credentials[0]).not.toHaveProperty('value');
    expect(cleared.connected).toBe(false);
    await handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: OPENROUTER_KEY });
    expect((await handlers['providers.clearCredential']({ providerId: 'openrouter' })).connected).toBe(false);
  });

  it('refuses an unknown provider (NOT_FOUND) and an undeclared key (BAD_REQUEST at /key)', async () => {
    const { handlers } = await setup();
    const missing = await codedError(handlers['providers.setCredential']({ providerId: 'nowhere', key: 'apiKey', value: 'x' }));
    expect(missing.code).toBe(HostErrorCode.NotFound);
    expect(missing.data).toEqual({ kind: 'provider', id: 'nowhere' });
    const badKey = await codedError(handlers['providers.setCredential']({ providerId: 'openrouter', key: 'token', value: 'x' }));
    expect(badKey.code).toBe(HostErrorCode.BadRequest);
    expect(badKey.data).toMatchObject({ pointer: '/key' });
    const badClear = await codedError(handlers['providers.clearCredential']({ providerId: 'github-copilot', key: 'apiKey' }));
    expect(badClear.code).toBe(HostErrorCode.BadRequest);
    expect((await codedError(handlers['providers.clearCredential']({ providerId: 'nowhere' }))).code).toBe(HostErrorCode.NotFound);
  });

  it('answers RUNTIME_NOT_READY for what only the runtime knows', async () => {
    const { handlers } = await setup();
    expect((await codedError(handlers['providers.authMethods']({ providerId: 'openai' }))).code).toBe(HostErrorCode.RuntimeNotReady);
    expect((await codedError(handlers['providers.oauthStart']({ providerId: 'openai', method: 0 }))).code).toBe(HostErrorCode.RuntimeNotReady);
    expect((await codedError(handlers['providers.oauthFinish']({ providerId: 'openai', method: 0 }))).code).toBe(HostErrorCode.RuntimeNotReady);
    expect((await codedError(handlers['providers.authMethods']({ providerId: 'nowhere' }))).code).toBe(HostErrorCode.NotFound);
  });

  it('does not call a provider connected while a required credential is missing, even when the runtime lists it', async () => {
    const userLayer = {
      providers: {
        available: ['openrouter', 'acme'],
        defaultProvider: 'acme',
        defaultModel: 'm1',
        descriptors: { acme: { name: 'Acme', credentials: [{ key: 'apiKey', label: 'API key', required: true }] } },
        custom: { acme: { npm: '@ai-sdk/openai-compatible', options: { baseURL: 'http://127.0.0.1:1/v1' }, models: { m1: {} } } },
      },
    };
    const catalog = {
      providers: [
        { id: 'openrouter', name: 'OpenRouter', source: 'config' as const, models: [] },
        { id: 'acme', name: 'Acme', source: 'config' as const, models: [] },
      ],
      defaults: {},
    };
    const { handlers } = await setup({ userLayer, runtime: readyRuntime({ catalog }) });
    const connected = async () => Object.fromEntries((await handlers['providers.list']({})).providers.map((p) => [p.id, p.connected]));
    expect(await connected()).toEqual({ openrouter: false, acme: false });
    await handlers['providers.setCredential']({ providerId: 'acme', key: 'apiKey', value: 'acme-key-123' });
    expect((await connected())['acme']).toBe(true);
  });

  it('calls a provider activated by config connected only when OpenCode holds a sign-in for it', async () => {
    const catalog = { providers: [{ id: 'github-copilot', name: 'GitHub Copilot', source: 'config' as const, models: [] }], defaults: {} };
    const listed = await setup({ runtime: readyRuntime({ catalog }) });
    expect((await listed.handlers['providers.list']({})).providers.find((p) => p.id === 'github-copilot')?.connected).toBe(false);
    const signedIn = await setup({ runtime: readyRuntime({ catalog }), signIns: ['github-copilot'] });
    expect((await signedIn.handlers['providers.list']({})).providers.find((p) => p.id === 'github-copilot')?.connected).toBe(true);
  });
});

describe('providers with a (fake) ready runtime', () => {
  const model = (id: string, name: string, context: number, output: number) => ({
    id,
    providerId: 'openai',
    name,
    status: 'active' as const,
    limit: { context, output },
    capabilities: { reasoning: false, attachment: false, toolCall: true, temperature: true },
  });
  const catalog = {
    providers: [
      { id: 'openai', name: 'OpenAI (runtime)', source: 'api' as const, models: [model('gpt-4.1', 'GPT-4.1', 1047576, 32768), model('o3', 'o3', 0, 0)] },
      { id: 'extra', name: 'Extra', source: 'env' as const, models: [] },
    ],
    defaults: { openai: 'gpt-4.1' },
  };

  it('lays the live catalog over the descriptors and adds providers only the runtime reports', async () => {
    const { handlers } = await setup({ runtime: readyRuntime({ catalog }) });
    const { providers } = valid('providers.list', await handlers['providers.list']({}));
    const openai = providers.find((p) => p.id === 'openai')!;
    expect(openai).toMatchObject({ name: 'OpenAI', connected: true, defaultModel: 'gpt-4.1' });
    expect(openai.models).toEqual([
      { id: 'gpt-4.1', name: 'GPT-4.1', contextLimit: 1047576, outputLimit: 32768, featured: false },
      { id: 'o3', name: 'o3', featured: false },
    ]);
    expect(providers.at(-1)).toMatchObject({ id: 'extra', configured: false, connected: true, credentials: [] });
  });

  it('delegates auth methods and OAuth to the runtime, and restarts it after a sign-in', async () => {
    const calls: unknown[] = [];
    const provider = {
      auth: async () => sdkAnswer({ openai: [{ type: 'oauth', label: 'ChatGPT Pro/Plus (browser)' }, { type: 'api', label: 'Manually enter API Key', prompts: [] }] }),
      oauth: {
        authorize: async (params: unknown) => (calls.push(['authorize', params]), sdkAnswer({ url: 'https://auth.example/sign-in', method: 'auto', instructions: 'Finish in the browser.' })),
        callback: async (params: unknown) => (calls.push(['callback', params]), sdkAnswer(true)),
      },
    };
    const { handlers, reasons } = await setup({ runtime: readyRuntime({ catalog, client: { provider } }) });
    expect(await handlers['providers.authMethods']({ providerId: 'openai' })).toEqual({
      methods: [
        { type: 'oauth', label: 'ChatGPT Pro/Plus (browser)' },
        { type: 'api', label: 'Manually enter API Key' },
      ],
    });
    expect(await handlers['providers.authMethods']({ providerId: 'openrouter' })).toEqual({ methods: [] });
    expect(valid('providers.oauthStart', await handlers['providers.oauthStart']({ providerId: 'openai', method: 0 }))).toEqual({
      url: 'https://auth.example/sign-in',
      mode: 'auto',
      instructions: 'Finish in the browser.',
    });
    const bad = await codedError(handlers['providers.oauthStart']({ providerId: 'openai', method: 1 }));
    expect(bad).toMatchObject({ code: HostErrorCode.BadRequest, data: { pointer: '/method' } });
    const finished = await handlers['providers.oauthFinish']({ providerId: 'openai', method: 0 });
    expect(finished).toMatchObject({ id: 'openai', connected: true });
    expect(calls).toEqual([
      ['authorize', { providerID: 'openai', method: 0, directory: '/tmp/workspace' }],
      ['callback', { providerID: 'openai', method: 0, directory: '/tmp/workspace' }],
    ]);
    expect(reasons).toEqual(['signed in to openai']);
  });

  it('passes a refused sign-in on as RUNTIME_REQUEST_FAILED with OpenCode\'s reason', async () => {
    const provider = {
      auth: async () => sdkAnswer({}),
      oauth: { callback: async () => sdkAnswer({ name: 'ProviderAuthOauthCallbackFailed', data: { message: 'The code was rejected.' } }, 400) },
    };
    const { handlers, reasons } = await setup({ runtime: readyRuntime({ catalog, client: { provider } }) });
    const error = await codedError(handlers['providers.oauthFinish']({ providerId: 'openai', method: 0, code: 'nope' }));
    expect(error).toMatchObject({ code: HostErrorCode.RuntimeRequestFailed, data: { status: 400, name: 'ProviderAuthOauthCallbackFailed' } });
    expect(error.message).toContain('The code was rejected.');
    expect(reasons).toEqual([]);
  });
});

describe('opencodeSignIns', () => {
  it('reads the provider ids (never the values) of OpenCode\'s auth store under the runtime home', async () => {
    const dataDir = await tempDir();
    const read = opencodeSignIns(dataDir);
    expect(await read()).toEqual(new Set());
    const store = path.join(dataDir, 'runtime', 'xdg', 'data', 'opencode');
    await mkdir(store, { recursive: true });
    await writeFile(path.join(store, 'auth.json'), JSON.stringify({ 'github-copilot': { type: 'oauth', refresh: 'r', access: 'a', expires: 0 } }));
    expect(await read()).toEqual(new Set(['github-copilot']));
  });
});

describe("providers.list and the runtime's catalog", () => {
  it('asks OpenCode once per runtime state: again after a reload (new since) or a restart (new pid)', async () => {
    const base = readyRuntime();
    let asked = 0;
    let status = base.status;
    const runtime: CatalogRuntime = {
      ...base,
      get status() {
        return status;
      },
      sessions: {
        ...base.sessions,
        providers: async () => {
          asked += 1;
          return { providers: [], defaults: {} };
        },
      },
    };
    const { handlers } = await setup({ runtime });
    await Promise.all([handlers['providers.list']({}), handlers['providers.list']({})]);
    await handlers['providers.list']({});
    expect(asked).toBe(1);
    status = { ...base.status, since: 5 } as typeof status;
    await handlers['providers.list']({});
    expect(asked).toBe(2);
    status = { ...base.status, pid: 2 } as typeof status;
    await handlers['providers.list']({});
    expect(asked).toBe(3);
  });
});
