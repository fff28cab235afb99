// A model that only a provider's dynamic catalog lists can be used: the catalog's models are
// written into the runtime's config, a fetch that changes the list reloads the runtime once,
// and a prompt to the catalog-only model is answered by it.
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type LocalHttps } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestHost, until, type TestHost } from './support.js';

describe.skipIf(OPENSSL_MISSING !== undefined)(`dynamic catalog models in the runtime${OPENSSL_MISSING ? ` (skipped: ${OPENSSL_MISSING})` : ''}`, () => {
  let t: TestHost;
  let catalog: LocalHttps;
  const models = [{ id: 'scripted-1' }, { id: 'scripted-catalog', name: 'Scripted (from the catalog)' }];

  beforeAll(async () => {
    const tls = await makeTestTls();
    catalog = await startLocalHttps(tls);
    catalog.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: models }));
    });
    t = await startTestHost({
      rules: [{ match: { lastUser: 'which model' }, reply: { text: 'The catalog model answered.' } }],
      scriptedDescriptor: { dynamicCatalog: { url: `${catalog.origin}/models`, responsePath: 'data' } },
      host: { observability: { catalogs: { network: { ca: tls.ca } } } },
    });
    t.host.runtime.supervisor.onStatus((status) => {
      if (status.state === 'ready') readyBoots += 1;
    });
  }, 90_000);
  afterAll(async () => {
    await t?.dispose();
    await catalog?.close();
  });

  const runtimeModels = async () => (await t.host.runtime.supervisor.connection().client.config.providers()).data?.providers.find((p) => p.id === 'scripted')?.models ?? {};
  let readyBoots = 0;

  it('reloads the runtime once when a fetch brings models it does not know, then runs one', async () => {
    expect(Object.keys(await runtimeModels())).toEqual(['scripted-1']);
    const refreshed = await ok(t.server, 'providers.refresh', {});
    expect(refreshed.providers.find((p) => p.id === 'scripted')?.models.map((m) => m.id)).toEqual(['scripted-1', 'scripted-catalog']);
    await until(async () => Object.keys(await runtimeModels().catch(() => ({}))).includes('scripted-catalog'), 'the runtime to know the catalog model', 30_000);
    expect((await runtimeModels())['scripted-catalog']).toMatchObject({ name: 'Scripted (from the catalog)' });

    const workspaceId = (await ok(t.server, 'workspaces.add', { path: t.folders.a })).id;
    const session = await ok(t.server, 'sessions.create', { workspaceId });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'which model?', model: 'scripted/scripted-catalog' });
    await until(() => t.model.requests.some((request) => !request.isTitleRequest && request.model === 'scripted-catalog'), 'the prompt to reach the catalog model');
  }, 60_000);

  it('does not reload again for a fetch with the same list', async () => {
    await until(async () => (await ok(t.server, 'runtime.status', {})).state === 'ready', 'the runtime to be ready');
    const boots = readyBoots;
    await ok(t.server, 'providers.refresh', {});
    await new Promise((resolve) => setTimeout(resolve, 500)); // a reload would be requested at once
    expect((await ok(t.server, 'runtime.status', {})).state).toBe('ready');
    expect(readyBoots).toBe(boots);
  });
});
