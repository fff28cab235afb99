// The runtime's instance for each recent workspace is warmed when a runtime process becomes
// ready, with the real runtime: read-only requests only, so the model is never called and no
// session appears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestHost, until, type TestHost } from './support.js';

let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ rules: [{ reply: { text: 'Warm answer.' } }] });
});

afterAll(async () => {
  await t?.dispose();
});

const warmedRecords = () => t.logs.filter((record) => record.message === 'runtime instances warmed');

describe('warm start', () => {
  it('warms the registered workspaces after every runtime start, without calling the model or making sessions', async () => {
    // Nothing is registered at the first start: there is nothing to warm.
    await t.host.warmUp.settled();
    expect(warmedRecords()).toEqual([]);
    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    await ok(t.server, 'workspaces.add', { path: t.folders.b });
    const requestsBefore = t.model.requests.length;

    await t.host.runtime.restart('test: warm the new workspaces');
    await until(() => warmedRecords().length === 1, 'the warm-up of the restarted runtime', 120_000);
    await t.host.warmUp.settled();

    expect(warmedRecords()[0]?.data).toMatchObject({ workspaces: 2 });
    expect(t.logs.filter((record) => record.message.startsWith('runtime warm-up stopped'))).toEqual([]);
    expect(t.model.requests.length).toBe(requestsBefore);
    expect(await ok(t.server, 'sessions.list', { workspaceId: workspace.id })).toMatchObject({ sessions: [] });

    // The warmed instance answers a first prompt as usual.
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Hello' });
    await until(() => t.model.requests.some((request) => JSON.stringify(request).includes('Hello')), 'the prompt to reach the model', 120_000);
  }, 240_000);
});
