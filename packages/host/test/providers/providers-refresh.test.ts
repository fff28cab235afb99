// providers.refresh: the runtime's catalog asked for again, answered like providers.list, but
// a runtime that cannot answer is an error instead of a quiet fall-back to the configured view.
import { HostErrorCode } from '@open-cowork/contracts';
import { RuntimeError, RuntimeRequestErrorCode } from '@open-cowork/runtime';
import { describe, expect, it } from 'vitest';
import { providerHandlers } from '../../src/providers/service.js';
import type { CatalogRuntime } from '../../src/runtime/runtime-call.js';
import { codedError, loadDefault, readyRuntime, restarts, settingsFor, startingRuntime, testLogger, valid } from '../support/catalog-runtime.js';

const model = (id: string, name: string) => ({
  id,
  providerId: 'openai',
  name,
  status: 'active' as const,
  limit: { context: 1000, output: 100 },
  capabilities: { reasoning: false, attachment: false, toolCall: true, temperature: true },
});

async function setup(runtime: () => CatalogRuntime | undefined) {
  const { config } = await loadDefault();
  const { settings } = await settingsFor(config);
  const { logger, records } = testLogger();
  const handlers = providerHandlers({ config, settings, runtime, directory: () => '/tmp/workspace', logger, requestRestart: restarts().requestRestart });
  return { handlers, records };
}

describe('providers.refresh', () => {
  it('asks the runtime again on every call and answers in the shape of providers.list', async () => {
    let calls = 0;
    const catalogs = [
      { providers: [{ id: 'openai', name: 'OpenAI', source: 'api' as const, models: [model('gpt-4.1', 'GPT-4.1')] }], defaults: { openai: 'gpt-4.1' } },
      { providers: [{ id: 'openai', name: 'OpenAI', source: 'api' as const, models: [model('gpt-4.1', 'GPT-4.1'), model('o4', 'o4')] }], defaults: { openai: 'gpt-4.1' } },
    ];
    const base = readyRuntime();
    const runtime: CatalogRuntime = { ...base, sessions: { ...base.sessions, providers: async () => catalogs[Math.min(calls++, 1)]! } };
    const { handlers, records } = await setup(() => runtime);

    const first = valid('providers.refresh', await handlers['providers.refresh']({}));
    expect(first.providers.find((p) => p.id === 'openai')?.models.map((m) => m.id)).toEqual(['gpt-4.1']);
    const second = valid('providers.refresh', await handlers['providers.refresh']({}));
    expect(second.providers.find((p) => p.id === 'openai')?.models.map((m) => m.id)).toEqual(['gpt-4.1', 'o4']);
    expect(calls).toBe(2);

    // The same view providers.list gives for the same catalog.
    const listed = await handlers['providers.list']({});
    expect(second.providers).toEqual(listed.providers);
    expect(second.defaultModel).toBe(listed.defaultModel);
    expect(records.filter((r) => r.message === 'provider catalog refreshed').map((r) => r.data)).toEqual([
      { providers: 1, models: 1 },
      { providers: 1, models: 2 },
    ]);
  });

  it('is RUNTIME_NOT_READY while the runtime starts or before it exists (providers.list still answers)', async () => {
    const starting = await setup(() => startingRuntime());
    expect((await codedError(starting.handlers['providers.refresh']({}))).code).toBe(HostErrorCode.RuntimeNotReady);
    expect((await starting.handlers['providers.list']({})).providers.length).toBeGreaterThan(0);
    const none = await setup(() => undefined);
    expect((await codedError(none.handlers['providers.refresh']({}))).code).toBe(HostErrorCode.RuntimeNotReady);
  });

  it('passes the runtime\'s refusal on as RUNTIME_REQUEST_FAILED', async () => {
    const base = readyRuntime();
    const failing: CatalogRuntime = {
      ...base,
      sessions: {
        ...base.sessions,
        providers: async () => {
          throw new RuntimeError(RuntimeRequestErrorCode.RequestFailed, 'config.providers: boom', { operation: 'config.providers', status: 500 });
        },
      },
    };
    const { handlers } = await setup(() => failing);
    const error = await codedError(handlers['providers.refresh']({}));
    expect(error).toMatchObject({ code: HostErrorCode.RuntimeRequestFailed, data: { status: 500 } });
    expect(error.message).toContain('boom');
  });
});
