import { describe, expect, it } from 'vitest';
import { CodedError, HOST_METHOD_NAMES, HostErrorCode } from '@open-cowork/contracts';
import { HostDispatcher, HostEventBus, type HostHandlers } from '@open-cowork/host';
import { CALL_CHANNEL, EVENT_CHANNEL, registerHostIpc, type IpcReply } from '../src/ipc.js';
import { FakeIpc, FakeWindow, frameEvent, recordingLogger } from './fakes.js';

const APP_PAGE = 'app://open-cowork/index.html';

function serve(overrides: Partial<Record<string, (params: unknown) => Promise<unknown>>> = {}) {
  const calls: Array<{ method: string; params: unknown }> = [];
  const handlers = Object.fromEntries(
    HOST_METHOD_NAMES.map((method) => [
      method,
      async (params: unknown) => {
        calls.push({ method, params });
        const override = overrides[method];
        if (override) return override(params);
        throw new Error(`${method} is not stubbed`);
      },
    ]),
  ) as unknown as HostHandlers;
  const ipc = new FakeIpc();
  const events = new HostEventBus();
  let window: FakeWindow | undefined = new FakeWindow({});
  const { logger, records } = recordingLogger();
  const dispatcher = new HostDispatcher({ logger });
  dispatcher.register(handlers);
  const dispose = registerHostIpc({ ipc, dispatcher, events, window: () => window, logger });
  const call = (method: unknown, params?: unknown, event = frameEvent(window!, APP_PAGE)) =>
    ipc.invoke(CALL_CHANNEL, event, method, params) as Promise<IpcReply>;
  return {
    ipc,
    events,
    calls,
    records,
    dispose,
    call,
    get window() {
      return window!;
    },
    setWindow(next: FakeWindow | undefined) {
      window = next;
    },
  };
}

describe('IPC calls', () => {
  it('dispatch a valid call to the host handler and answer {result}', async () => {
    const host = serve({ 'workspaces.add': async (params) => ({ id: 'ws_1', ...(params as object) }) });
    await expect(host.call('workspaces.add', { path: '/tmp/project' })).resolves.toEqual({ result: { id: 'ws_1', path: '/tmp/project' } });
    expect(host.calls).toEqual([{ method: 'workspaces.add', params: { path: '/tmp/project' } }]);
  });

  it('treat missing params as {} (as the HTTP transport treats an empty body)', async () => {
    const host = serve({ 'workspaces.list': async () => ({ workspaces: [] }) });
    await expect(host.call('workspaces.list')).resolves.toEqual({ result: { workspaces: [] } });
  });

  it('answer BAD_REQUEST with a pointer when params do not match the schema', async () => {
    const host = serve();
    const reply = await host.call('workspaces.add', { path: 42, extra: true });
    expect(reply).toMatchObject({ error: { code: 'BAD_REQUEST', data: { pointer: expect.stringMatching(/^\/(path|extra)$/) } } });
    const error = (reply as { error: { message: string; data: { issues: Array<{ pointer: string }> } } }).error;
    expect(error.data.issues.map((issue) => issue.pointer).sort()).toEqual(['/extra', '/path']);
    expect(error.message).toMatch(/\(and 1 more\)$/);
    const missing = await host.call('workspaces.add', {});
    expect(missing).toMatchObject({ error: { code: 'BAD_REQUEST', data: { pointer: '/path' } } });
    expect(await host.call('workspaces.list', 'not an object')).toMatchObject({ error: { code: 'BAD_REQUEST', data: { pointer: '' } } });
    expect(host.calls).toEqual([]);
  });

  it('answer METHOD_NOT_FOUND for anything that is not a contract method', async () => {
    const host = serve();
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 42, undefined]) {
      expect(await host.call(method, {})).toMatchObject({ error: { code: 'METHOD_NOT_FOUND' } });
    }
    expect(host.calls).toEqual([]);
  });

  it('carry a CodedError across as its envelope', async () => {
    const host = serve({
      'workspaces.remove': async () => {
        throw new CodedError(HostErrorCode.NotFound, 'No such workspace.', { kind: 'workspace', id: 'ws_9' });
      },
    });
    expect(await host.call('workspaces.remove', { id: 'ws_9' })).toEqual({
      error: { code: 'NOT_FOUND', message: 'No such workspace.', data: { kind: 'workspace', id: 'ws_9' } },
    });
  });

  it('turn any other failure into a bare INTERNAL, logging the detail in main only', async () => {
    const host = serve({
      'workspaces.list': async () => {
        throw new Error('EACCES: /Users/someone/secret/place');
      },
    });
    expect(await host.call('workspaces.list', {})).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(host.records.some((record) => record.level === 'error' && record.message.includes('EACCES'))).toBe(true);
  });
});

describe('the IPC sender check', () => {
  const refused = { error: { code: 'UNAUTHORIZED', message: expect.any(String), data: { reason: expect.any(String) } } };

  it("refuses a frame on another origin, a subframe, another webContents and a vanished frame", async () => {
    const host = serve({ 'workspaces.list': async () => ({ workspaces: [] }) });
    const w = host.window;
    const attempts = [
      frameEvent(w, 'https://evil.example/'),
      frameEvent(w, 'app://not-open-cowork/index.html'),
      frameEvent(w, 'file:///index.html'),
      frameEvent(w, APP_PAGE, { parent: { url: APP_PAGE } }),
      frameEvent(w, APP_PAGE, { senderId: w.webContents.id + 1000 }),
      frameEvent(w, APP_PAGE, { frame: null }),
    ];
    for (const event of attempts) expect(await host.call('workspaces.list', {}, event)).toEqual(refused);
    expect(host.calls).toEqual([]);
  });

  it('refuses every call while there is no window, and after it was destroyed', async () => {
    const host = serve({ 'workspaces.list': async () => ({ workspaces: [] }) });
    const event = frameEvent(host.window, APP_PAGE);
    host.window.close();
    expect(await host.call('workspaces.list', {}, event)).toEqual(refused);
    host.setWindow(undefined);
    expect(await host.call('workspaces.list', {}, event)).toEqual(refused);
    expect(host.calls).toEqual([]);
  });

  it('checks the sender before the method, so a stranger learns nothing about the API', async () => {
    const host = serve();
    expect(await host.call('no.such.method', {}, frameEvent(host.window, 'https://evil.example/'))).toEqual(refused);
  });
});

describe('host events', () => {
  it('are forwarded to the window on the event channel', () => {
    const host = serve();
    host.events.publish('runtime.status', { state: 'ready' } as never);
    expect(host.window.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, payload: { type: 'runtime.status', payload: { state: 'ready' } } }]);
  });

  it('are dropped while there is no live window', () => {
    const host = serve();
    const window = host.window;
    window.close();
    expect(() => host.events.publish('runtime.status', { state: 'ready' } as never)).not.toThrow();
    expect(window.webContents.sent).toEqual([]);
  });

  it('stop, and the call handler goes, when the registration is disposed', () => {
    const host = serve();
    host.dispose();
    host.dispose();
    host.events.publish('runtime.status', { state: 'ready' } as never);
    expect(host.window.webContents.sent).toEqual([]);
    expect(host.ipc.handlers.has(CALL_CHANNEL)).toBe(false);
  });
});
