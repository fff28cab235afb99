// What the host records: sessions created and prompts sent (ids and model, never the text),
// MCP servers added and removed by name, failed calls by method and code, runtime state
// changes, and the app's versions at start. Calls answer exactly as without telemetry.
import { CodedError, HOST_CONTRACT_VERSION, HostErrorCode } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { Dispatcher, inProcess, type MethodTable } from '../../src/dispatch/index.js';
import { runtimeStatusRecorder, startedEvent, telemetryHooks } from '../../src/telemetry/index.js';

function recorder() {
  const events: Array<[string, Record<string, unknown>]> = [];
  return { events, telemetry: { record: (event: string, data: Record<string, unknown> = {}) => void events.push([event, data]) } };
}

const fakeHandlers: Record<string, () => Promise<unknown>> = {
  'sessions.create': async () => ({ id: 'ses_1', workspaceId: 'ws_1', title: 'T', directory: '/w', createdAt: 1, updatedAt: 1 }),
  'sessions.prompt': async () => ({ accepted: true }),
  'mcps.add': async () => ({ name: 'github' }),
  'mcps.remove': async () => ({ deleted: true }),
  'workspaces.remove': async () => {
    throw new CodedError(HostErrorCode.NotFound, 'no such workspace');
  },
  'settings.get': async () => {
    throw new Error('disk on fire');
  },
};

/** The fakes behind a dispatcher with no validation, so the hooks see exactly these params. */
function dispatcherWith(hooks: ReturnType<typeof telemetryHooks>): Dispatcher {
  const table: MethodTable = Object.fromEntries(Object.entries(fakeHandlers).map(([name, handle]) => [name, { validate: () => undefined, handle }]));
  const dispatcher = new Dispatcher();
  dispatcher.add(table);
  dispatcher.use(hooks);
  return dispatcher;
}

describe('telemetryHooks', () => {
  it('records ids, models and names only, and passes results and errors through unchanged', async () => {
    const { events, telemetry } = recorder();
    const dispatcher = dispatcherWith(telemetryHooks(telemetry, { defaultModel: async () => 'openrouter/anthropic/claude-sonnet-4' }));
    const call = (method: string, params: unknown) => dispatcher.dispatch(method, params, inProcess('test'));
    expect(await call('sessions.create', { workspaceId: 'ws_1' })).toMatchObject({ ok: true, result: { id: 'ses_1' } });
    const secretPrompt = 'my password is hunter2, summarise /home/alice/contract.pdf';
    expect(await call('sessions.prompt', { sessionId: 'ses_1', text: secretPrompt, model: 'openai/gpt-4.1', files: [{ path: 'a.txt' }] })).toEqual({ ok: true, result: { accepted: true } });
    await call('sessions.prompt', { sessionId: 'ses_1', text: secretPrompt, agent: 'writer' });
    await call('mcps.add', { mcp: { name: 'github' } });
    await call('mcps.remove', { name: 'github' });
    expect(await call('workspaces.remove', { id: 'ws_9' })).toMatchObject({ ok: false, error: { code: HostErrorCode.NotFound } });
    expect(await call('settings.get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' }, cause: new Error('disk on fire') });
    await new Promise((resolve) => setImmediate(resolve));

    expect(events).toEqual([
      ['session.created', { sessionId: 'ses_1', workspaceId: 'ws_1' }],
      ['prompt.sent', { sessionId: 'ses_1', files: 1, model: 'openai/gpt-4.1' }],
      ['prompt.sent', { sessionId: 'ses_1', agent: 'writer', files: 0, model: 'openrouter/anthropic/claude-sonnet-4' }],
      ['mcp.added', { name: 'github' }],
      ['mcp.removed', { name: 'github' }],
      ['host.error', { method: 'workspaces.remove', code: HostErrorCode.NotFound }],
      ['host.error', { method: 'settings.get', code: 'INTERNAL' }],
    ]);
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });
});

describe('runtime and start events', () => {
  it('records each runtime state once, with its code and OpenCode version', () => {
    const { events, telemetry } = recorder();
    const listener = runtimeStatusRecorder(telemetry);
    listener({ state: 'starting', attempt: 1 });
    listener({ state: 'starting', attempt: 1 });
    listener({ state: 'ready', url: 'http://127.0.0.1:1', pid: 2, version: '1.2.3', since: 0 });
    listener({ state: 'failed', code: 'RUNTIME_START_TIMEOUT', reason: 'took too long in /home/alice' });
    expect(events).toEqual([
      ['runtime.status', { state: 'starting', attempt: 1 }],
      ['runtime.status', { state: 'ready', opencode: '1.2.3' }],
      ['runtime.status', { state: 'failed', code: 'RUNTIME_START_TIMEOUT' }],
    ]);
    expect(startedEvent('0.9.0', { version: 'v20.19.1', platform: 'darwin', arch: 'arm64' })).toEqual({
      app: '0.9.0',
      contract: HOST_CONTRACT_VERSION,
      node: '20.19.1',
      platform: 'darwin',
      arch: 'arm64',
    });
  });
});
