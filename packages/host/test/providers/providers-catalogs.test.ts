// Dynamic catalogs in providers.list and providers.refresh: featured models stay on top and
// keep their names, the rest follow once each; a provider's default model falls back when
// it is not in any known catalog; a due catalog is fetched in the background for connected
// providers only; providers.refresh fetches every catalog again and keeps its runtime rules.
import { HostErrorCode } from '@open-cowork/contracts';
import type { ProviderCatalog } from '@open-cowork/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDefaultFor, DynamicCatalogs, pickDefaultModel, type CatalogSnapshot } from '../../src/providers/catalogs/index.js';
import { ManualClock } from '../../src/ports/index.js';
import { providerHandlers, type ProviderDeps } from '../../src/providers/service.js';
import type { CatalogRuntime } from '../../src/runtime/runtime-call.js';
import { codedError, loadDefault, readyRuntime, restarts, settingsFor, startingRuntime, tempDir, testLogger, valid } from '../support/catalog-runtime.js';
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type LocalHttps, type TestTls } from '@open-cowork/testing';

const runtimeModel = (providerId: string, id: string, name: string, context = 0) => ({
  id,
  providerId,
  name,
  status: 'active' as const,
  limit: { context, output: 0 },
  capabilities: { reasoning: false, attachment: false, toolCall: true, temperature: true },
});

/** A stand-in for DynamicCatalogs that answers with fixed snapshots and records background requests. */
function fakeCatalogs(snapshots: Record<string, CatalogSnapshot>) {
  const background: string[] = [];
  const catalogs: NonNullable<ProviderDeps['catalogs']> = {
    has: (id) => Object.hasOwn(snapshots, id),
    current: async (id) => snapshots[id],
    refreshInBackground: (id) => void background.push(id),
    refreshAll: async (ids = []) => ids.map((id) => snapshots[id]!).filter(Boolean),
  };
  return { catalogs, background };
}

async function setup(options: { userLayer?: object; runtime?: CatalogRuntime; catalogs?: ProviderDeps['catalogs'] }) {
  const { config } = await loadDefault(options.userLayer);
  const { settings } = await settingsFor(config);
  const { logger, records } = testLogger();
  const handlers = providerHandlers({
    config,
    settings,
    runtime: () => options.runtime ?? startingRuntime(),
    directory: () => '/tmp/workspace',
    logger,
    requestRestart: restarts().requestRestart,
    ...(options.catalogs === undefined ? {} : { catalogs: options.catalogs }),
  });
  return { handlers, config, records };
}

describe('featured models first, the dynamic catalog beneath them, each id once', () => {
  const snapshot: CatalogSnapshot = {
    providerId: 'openrouter',
    source: 'cache',
    fetchedAt: 1_700_000_000_000,
    stale: true,
    models: [
      { id: 'openai/gpt-4.1', name: 'GPT 4.1 (from the catalog)', contextLength: 5 },
      { id: 'mistral/large', name: 'Mistral Large', description: 'A large model.', contextLength: 128_000 },
      { id: 'anthropic/claude-sonnet-4' },
      { id: 'qwen/coder' },
    ],
  };

  it('orders featured, dynamic, then runtime-only models; featured keep their names and config limits', async () => {
    const catalog: ProviderCatalog = {
      providers: [
        {
          id: 'openrouter',
          name: 'OpenRouter',
          source: 'api',
          models: [runtimeModel('openrouter', 'zeta/runtime-only', 'Zeta'), runtimeModel('openrouter', 'mistral/large', 'Mistral L (runtime)', 131_072)],
        },
      ],
      defaults: {},
    };
    const { catalogs } = fakeCatalogs({ openrouter: snapshot });
    const { handlers } = await setup({ runtime: readyRuntime({ catalog }), catalogs });
    const { providers } = valid('providers.list', await handlers['providers.list']({}));
    const openrouter = providers.find((p) => p.id === 'openrouter')!;
    expect(openrouter.models.map((m) => [m.id, m.featured])).toEqual([
      ['anthropic/claude-sonnet-4', true],
      ['openai/gpt-4.1', true],
      ['google/gemini-2.5-flash', true],
      ['deepseek/deepseek-chat-v3-0324', true],
      ['mistral/large', false],
      ['qwen/coder', false],
      ['zeta/runtime-only', false],
    ]);
    expect(openrouter.models[1]).toEqual({ id: 'openai/gpt-4.1', name: 'GPT-4.1', contextLimit: 1047576, featured: true });
    // The catalog names it; the runtime's limit wins, as for every runtime model.
    expect(openrouter.models[4]).toEqual({ id: 'mistral/large', name: 'Mistral Large', description: 'A large model.', contextLimit: 131_072, featured: false });
    expect(openrouter.models[5]).toEqual({ id: 'qwen/coder', name: 'qwen/coder', featured: false });
    expect(openrouter.catalog).toEqual({ source: 'cache', fetchedAt: 1_700_000_000_000, stale: true, models: 4 });
    // Providers without a dynamic catalog carry no catalog status.
    expect(providers.find((p) => p.id === 'openai')).not.toHaveProperty('catalog');
  });

  it('fetches a due catalog in the background for a connected provider only', async () => {
    const { catalogs, background } = fakeCatalogs({ openrouter: snapshot });
    const { handlers } = await setup({ catalogs });
    await handlers['providers.list']({});
    expect(background).toEqual([]); // not connected: nothing is fetched
    await handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: 'sk-or-v1-0123456789abcdef' });
    expect(background).toEqual(['openrouter']); // the view after connecting asks for it
    await handlers['providers.list']({});
    expect(background).toEqual(['openrouter', 'openrouter']);
    const fresh = fakeCatalogs({ openrouter: { ...snapshot, stale: false } });
    const again = await setup({ catalogs: fresh.catalogs });
    await again.handlers['providers.setCredential']({ providerId: 'openrouter', key: 'apiKey', value: 'sk-or-v1-0123456789abcdef' });
    await again.handlers['providers.list']({});
    expect(fresh.background).toEqual([]);
  });
});

describe('a provider\'s default model', () => {
  it('falls back from the preferred model to the runtime default, the app default, then the first model', () => {
    const available = ['m-one', 'm-two', 'm-three'];
    expect(pickDefaultModel({ providerId: 'p', preferred: 'm-two', runtimeDefault: 'm-three', available })).toBe('m-two');
    expect(pickDefaultModel({ providerId: 'p', preferred: 'retired', runtimeDefault: 'm-three', appDefault: 'm-two', available })).toBe('m-three');
    expect(pickDefaultModel({ providerId: 'p', preferred: 'retired', runtimeDefault: 'gone', appDefault: 'p/m-two', available })).toBe('m-two');
    expect(pickDefaultModel({ providerId: 'p', preferred: 'retired', appDefault: 'also-gone', available })).toBe('m-one');
    // Nothing to check against: the first candidate stands.
    expect(pickDefaultModel({ providerId: 'p', preferred: 'x', runtimeDefault: 'y', available: [] })).toBe('x');
    expect(pickDefaultModel({ providerId: 'p', available: [] })).toBeUndefined();
    expect(appDefaultFor('p', { defaultProvider: 'p', defaultModel: 'm' })).toBe('m');
    expect(appDefaultFor('q', { defaultProvider: 'p', defaultModel: 'q/m' })).toBeUndefined();
  });

  it('follows the catalogs known at that moment in providers.list', async () => {
    const userLayer = {
      providers: {
        available: ['acme', 'openrouter'],
        defaultProvider: 'acme',
        defaultModel: 'acme/acme-two',
        descriptors: {
          acme: { name: 'Acme', defaultModel: 'acme-retired', models: [], dynamicCatalog: { url: 'https://catalog.acme.example/models' } },
        },
      },
    };
    const snapshot = (ids: string[]): CatalogSnapshot => ({ providerId: 'acme', source: 'network', stale: false, fetchedAt: 1, models: ids.map((id) => ({ id })) });
    const defaultOf = async (ids: string[], runtime?: CatalogRuntime) => {
      const { handlers } = await setup({ userLayer, catalogs: fakeCatalogs({ acme: snapshot(ids) }).catalogs, ...(runtime ? { runtime } : {}) });
      return (await handlers['providers.list']({})).providers.find((p) => p.id === 'acme')?.defaultModel;
    };
    expect(await defaultOf(['acme-one', 'acme-retired'])).toBe('acme-retired');
    const catalog: ProviderCatalog = { providers: [{ id: 'acme', name: 'Acme', source: 'config', models: [runtimeModel('acme', 'acme-rt', 'RT')] }], defaults: { acme: 'acme-rt' } };
    expect(await defaultOf(['acme-one'], readyRuntime({ catalog }))).toBe('acme-rt');
    expect(await defaultOf(['acme-one', 'acme-two'])).toBe('acme-two');
    expect(await defaultOf(['acme-one', 'acme-three'])).toBe('acme-one');
  });
});

describe.skipIf(OPENSSL_MISSING !== undefined)(`providers.refresh with a dynamic catalog${OPENSSL_MISSING ? ` (skipped: ${OPENSSL_MISSING})` : ''}`, () => {
  let tls: TestTls;
  let server: LocalHttps;
  beforeAll(async () => {
    tls = await makeTestTls();
    server = await startLocalHttps(tls);
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [{ id: 'live/one', name: 'Live One', context_length: 4096 }, { id: 'openai/gpt-4.1', name: 'dup' }] }));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function withService(runtime: CatalogRuntime) {
    const userLayer = { providers: { descriptors: { openrouter: { dynamicCatalog: { url: `${server.origin}/api/v1/models`, responsePath: 'data' } } } } };
    const { config } = await loadDefault(userLayer);
    const service = new DynamicCatalogs({ config, dir: await tempDir('oc-catalogs-'), logger: testLogger().logger, clock: new ManualClock(), network: { ca: tls.ca } });
    return { service, ...(await setup({ userLayer, runtime, catalogs: service })) };
  }

  it('fetches the dynamic catalogs again and answers with them, besides asking the runtime', async () => {
    const before = server.requests.length;
    const { handlers, records } = await withService(readyRuntime());
    const listed = await handlers['providers.list']({}); // not connected: no fetch, static
    expect(listed.providers[0]!.catalog).toEqual({ source: 'static', stale: true, models: 0 });
    expect(server.requests.length).toBe(before);

    const refreshed = valid('providers.refresh', await handlers['providers.refresh']({}));
    expect(server.requests.length).toBe(before + 1);
    const openrouter = refreshed.providers.find((p) => p.id === 'openrouter')!;
    expect(openrouter.catalog).toMatchObject({ source: 'network', stale: false, models: 2 });
    expect(openrouter.models.map((m) => m.id).slice(-1)).toEqual(['live/one']);
    expect(openrouter.models.filter((m) => m.id === 'openai/gpt-4.1')).toEqual([expect.objectContaining({ name: 'GPT-4.1', featured: true })]);
    expect(records.some((r) => r.message === 'dynamic model catalogs refreshed')).toBe(true);
  });

  it('still fails RUNTIME_NOT_READY without a runtime, after fetching the catalogs', async () => {
    const before = server.requests.length;
    const { handlers } = await withService(startingRuntime());
    expect((await codedError(handlers['providers.refresh']({}))).code).toBe(HostErrorCode.RuntimeNotReady);
    for (let i = 0; i < 200 && server.requests.length === before; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests.length).toBe(before + 1);
    for (let i = 0; i < 200; i += 1) {
      const catalog = (await handlers['providers.list']({})).providers[0]!.catalog;
      if (catalog?.source === 'network') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await handlers['providers.list']({})).providers[0]!.catalog?.source).toBe('network');
  });
});
