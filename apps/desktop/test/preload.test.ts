// Runs the preload the way a sandboxed renderer does: as one CommonJS script whose
// `require` knows Electron and nothing else, then looks at what it put on the page.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HOST_METHOD_NAMES, type HostEvent } from '@open-cowork/contracts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../src/ipc.js';

const SOURCE = fileURLToPath(new URL('../src/preload.cts', import.meta.url));

type Listener = (event: unknown, ...args: unknown[]) => void;

function loadPreload(answer: (channel: string, ...args: unknown[]) => unknown = () => ({ result: null })) {
  const { outputText } = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'preload.cts',
  });
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return answer(channel, ...args);
    },
    on(channel: string, listener: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return this;
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
      return this;
    },
  };
  const exposed: Record<string, unknown> = {};
  const electron = {
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        exposed[key] = api;
      },
    },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  // Electron's sandboxed preload runner calls the script as a function of exactly these.
  const exports = {};
  const wrapper = vm.runInThisContext(`(function (require, process, exports, module) {${outputText}\n})`, { filename: 'preload.cjs' }) as (
    require: (name: string) => unknown,
    process: object,
    exports: object,
    module: object,
  ) => void;
  wrapper(sandboxRequire, {}, exports, { exports });
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: ipcRenderer }, ...args);
  };
  const listenerCount = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { exposed, invoked, required, emit, listenerCount };
}

type Bridge = Record<string, (params?: unknown) => Promise<unknown>> & { subscribe(listener: (event: HostEvent) => void): () => void };

describe('the preload', () => {
  it('needs nothing but electron at run time (a sandboxed preload can require nothing else)', () => {
    const { required, exposed } = loadPreload();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['openCowork']);
  });

  it("exposes exactly the contract's methods and subscribe, as one frozen object", () => {
    const bridge = loadPreload().exposed['openCowork'] as Bridge;
    expect(Object.keys(bridge)).toEqual([...HOST_METHOD_NAMES, 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    for (const forbidden of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer']) expect(bridge).not.toHaveProperty(forbidden);
  });

  it("uses the same channels as main's IPC", async () => {
    const { exposed, invoked, emit } = loadPreload();
    const bridge = exposed['openCowork'] as Bridge;
    await bridge['app.info']!({});
    expect(invoked[0]?.channel).toBe(CALL_CHANNEL);
    const seen: unknown[] = [];
    bridge.subscribe((event) => seen.push(event));
    emit(EVENT_CHANNEL, { type: 'runtime.status', payload: {} });
    expect(seen).toHaveLength(1);
  });

  it('sends one call per method invocation and resolves with the result', async () => {
    const { exposed, invoked } = loadPreload((_channel, method) => ({ result: { echoed: method } }));
    const bridge = exposed['openCowork'] as Bridge;
    await expect(bridge['sessions.create']!({ workspaceId: 'ws_1' })).resolves.toEqual({ echoed: 'sessions.create' });
    await expect(bridge['workspaces.list']!()).resolves.toEqual({ echoed: 'workspaces.list' });
    expect(invoked).toEqual([
      { channel: CALL_CHANNEL, args: ['sessions.create', { workspaceId: 'ws_1' }] },
      { channel: CALL_CHANNEL, args: ['workspaces.list', {}] },
    ]);
  });

  it('rejects with the error envelope itself, and with INTERNAL for a malformed answer', async () => {
    const replies: unknown[] = [{ error: { code: 'BAD_REQUEST', message: 'params/path is missing', data: { pointer: '/path' } } }, 'garbage'];
    const bridge = loadPreload(() => replies.shift()).exposed['openCowork'] as Bridge;
    await expect(bridge['workspaces.add']!({})).rejects.toEqual({ code: 'BAD_REQUEST', message: 'params/path is missing', data: { pointer: '/path' } });
    await expect(bridge['workspaces.add']!({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers events to subscribers (not the IPC event) until they unsubscribe', () => {
    const { exposed, emit, listenerCount } = loadPreload();
    const bridge = exposed['openCowork'] as Bridge;
    const first: unknown[] = [];
    const second: unknown[] = [];
    const stopFirst = bridge.subscribe((event) => first.push(event));
    const stopSecond = bridge.subscribe((event) => second.push(event));
    expect(listenerCount(EVENT_CHANNEL)).toBe(1);
    const event = { type: 'session.idle', payload: { sessionId: 's1' } };
    emit(EVENT_CHANNEL, event);
    stopFirst();
    stopFirst();
    emit(EVENT_CHANNEL, event);
    expect(first).toEqual([event]);
    expect(second).toEqual([event, event]);
    stopSecond();
    expect(listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('keeps delivering when one subscriber throws', () => {
    const { exposed, emit } = loadPreload();
    const bridge = exposed['openCowork'] as Bridge;
    const seen: unknown[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      bridge.subscribe(() => {
        throw new Error('broken listener');
      });
      bridge.subscribe((event) => seen.push(event));
      emit(EVENT_CHANNEL, { type: 'x', payload: null });
    } finally {
      console.error = original;
    }
    expect(seen).toHaveLength(1);
  });

  it('refuses a subscriber that is not a function', () => {
    const bridge = loadPreload().exposed['openCowork'] as Bridge;
    expect(() => bridge.subscribe('open-cowork:event' as never)).toThrow(TypeError);
  });
});
