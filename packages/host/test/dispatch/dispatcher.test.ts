// The one pipeline every transport calls through: validation before anything runs, hooks
// around the handler (never changing what a call answers), a typed context per transport, and
// the same reply whoever carried the call.
import { CodedError, HOST_METHOD_NAMES, HostErrorCode, type HostMethodName } from '@open-cowork/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostHandlers } from '../../src/dispatch/handlers.js';
import { Dispatcher, HostDispatcher, inProcess, type CallContext, type CallInfo, type MethodHandler } from '../../src/dispatch/index.js';
import { Logger, type LogRecord } from '../../src/log/index.js';
import type { HostServer } from '../../src/transport/index.js';
import { createHostServer } from '../../src/transport/index.js';
import { TOKEN } from '../transport/helpers.js';

function hostDispatcher(overrides: Partial<Record<HostMethodName, MethodHandler>>, logs: LogRecord[] = []) {
  const seen: CallContext[] = [];
  const handlers = Object.fromEntries(
    HOST_METHOD_NAMES.map((name) => [
      name,
      async (params: unknown, ctx: CallContext) => {
        seen.push(ctx);
        const override = overrides[name];
        if (override === undefined) throw new Error(`${name} is not stubbed`);
        return override(params, ctx);
      },
    ]),
  ) as unknown as HostHandlers;
  const dispatcher = new HostDispatcher({ logger: new Logger({ runId: 'test', sink: (record) => logs.push(record) }) });
  dispatcher.register(handlers);
  return { dispatcher, seen };
}

let server: HostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the dispatcher', () => {
  it('refuses a method twice registered and reports what the contract still lacks', () => {
    const dispatcher = new HostDispatcher();
    dispatcher.register({ 'workspaces.list': async () => ({ workspaces: [] }) });
    expect(() => dispatcher.register({ 'workspaces.list': async () => ({ workspaces: [] }) })).toThrow(/registered twice: workspaces.list/);
    expect(() => dispatcher.assertComplete()).toThrow(/No handler registered for app.info/);
  });

  it('validates params before any hook or handler runs', async () => {
    const { dispatcher, seen } = hostDispatcher({ 'workspaces.add': async () => ({}) });
    const before: string[] = [];
    dispatcher.use({ before: (call) => void before.push(call.method) });
    const reply = await dispatcher.dispatch('workspaces.add', { path: 7 }, inProcess('test'));
    expect(reply).toMatchObject({ ok: false, error: { code: HostErrorCode.BadRequest, data: { pointer: '/path' } } });
    expect(before).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('runs before, after and error hooks around the handler, with the validated params and the context', async () => {
    const { dispatcher } = hostDispatcher({
      'workspaces.list': async () => ({ workspaces: [] }),
      'workspaces.remove': async () => {
        throw new CodedError(HostErrorCode.NotFound, 'No such workspace.', { kind: 'workspace', id: 'ws_9' });
      },
    });
    const trail: string[] = [];
    const infos: CallInfo[] = [];
    dispatcher.use({
      before: (call) => void trail.push(`before ${call.method}`),
      after: async (call, result) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        infos.push(call);
        trail.push(`after ${call.method} ${JSON.stringify(result)}`);
      },
      error: (call, error) => void trail.push(`error ${call.method} ${(error as CodedError).code}`),
    });
    expect(await dispatcher.call('workspaces.list', {}, inProcess('test'))).toEqual({ workspaces: [] });
    // The awaited after-hook ran before the call answered.
    expect(trail).toEqual(['before workspaces.list', 'after workspaces.list {"workspaces":[]}']);
    expect(infos[0]?.ctx).toMatchObject({ method: 'workspaces.list', caller: { transport: 'in-process', name: 'test' } });
    await expect(dispatcher.call('workspaces.remove', { id: 'ws_9' })).rejects.toMatchObject({ code: HostErrorCode.NotFound });
    expect(trail.at(-1)).toBe('error workspaces.remove NOT_FOUND');
  });

  it('lets a before-hook refuse a call with a coded error', async () => {
    const { dispatcher, seen } = hostDispatcher({ 'workspaces.list': async () => ({ workspaces: [] }) });
    dispatcher.use({
      before: () => {
        throw new CodedError(HostErrorCode.Unauthorized, 'Not you.');
      },
    });
    expect(await dispatcher.dispatch('workspaces.list', {}, inProcess('test'))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: 'Not you.' } });
    expect(seen).toEqual([]);
  });

  it('never lets a failing after- or error-hook change the answer, and logs it', async () => {
    const logs: LogRecord[] = [];
    const { dispatcher } = hostDispatcher({ 'workspaces.list': async () => ({ workspaces: [] }) }, logs);
    dispatcher.use({
      after: () => {
        throw new Error('telemetry disk full');
      },
      error: () => {
        throw new Error('never reached');
      },
    });
    expect(await dispatcher.dispatch('workspaces.list', {}, inProcess('test'))).toEqual({ ok: true, result: { workspaces: [] } });
    expect(logs.some((record) => record.level === 'error' && record.message.includes('telemetry disk full'))).toBe(true);
  });

  it('answers a host bug as a bare INTERNAL, logs its stack, and keeps the cause for in-process callers', async () => {
    const logs: LogRecord[] = [];
    const { dispatcher } = hostDispatcher(
      {
        'settings.get': async () => {
          throw new TypeError('EACCES /home/alice/.config');
        },
      },
      logs,
    );
    const reply = await dispatcher.dispatch('settings.get', {}, inProcess('test'));
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(JSON.stringify(reply.ok ? undefined : reply.error)).not.toContain('alice');
    expect(logs.some((record) => record.level === 'error' && record.message.includes('EACCES'))).toBe(true);
    await expect(dispatcher.call('settings.get', {})).rejects.toBeInstanceOf(TypeError);
  });

  it('unknown and prototype names are METHOD_NOT_FOUND', async () => {
    const dispatcher = new Dispatcher();
    for (const name of ['nope', '__proto__', 'constructor', 'toString', '']) {
      expect(await dispatcher.dispatch(name, {}, inProcess('test'))).toMatchObject({ ok: false, error: { code: 'METHOD_NOT_FOUND' } });
    }
  });
});

describe('transports over one dispatcher', () => {
  it('HTTP and in-process callers get the same answer, each with its own typed context', async () => {
    const { dispatcher, seen } = hostDispatcher({
      'workspaces.add': async (params) => ({ id: 'ws_1', path: (params as { path: string }).path, name: 'p', addedAt: 1 }),
    });
    server = await createHostServer({ token: TOKEN, dispatcher });
    const http = await fetch(`${server.url}/api/workspaces.add`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/tmp/p' }),
    });
    const overHttp = (await http.json()) as { result: unknown };
    const inside = await dispatcher.call('workspaces.add', { path: '/tmp/p' }, inProcess('cli'));
    expect(overHttp.result).toEqual(inside);
    expect(seen.map((ctx) => ctx.caller.transport)).toEqual(['http', 'in-process']);
    const httpCaller = seen[0]?.caller;
    expect(httpCaller?.transport === 'http' ? httpCaller.remoteAddress : undefined).toMatch(/127\.0\.0\.1/);

    const badOverHttp = await fetch(`${server.url}/api/workspaces.add`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: 1 }),
    });
    const badInside = await dispatcher.dispatch('workspaces.add', { path: 1 }, inProcess('cli'));
    expect(((await badOverHttp.json()) as { error: unknown }).error).toEqual(badInside.ok ? undefined : badInside.error);
  });
});
