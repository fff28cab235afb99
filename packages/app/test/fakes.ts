// Test doubles for the renderer's ports: a scripted HostClient and a manual frame scheduler.

import { HOST_METHOD_NAMES, type HostApi, type HostEvent, type HostMethodName } from '@open-cowork/contracts';
import type { ConnectionState, HostClient, HostEventListener } from '../src/host/client.js';
import type { FrameScheduler } from '../src/state/bridge.js';

type Handler = (params: never) => unknown;

export interface FakeHost extends HostClient {
  readonly calls: { method: HostMethodName; params: unknown }[];
  emit(event: HostEvent): void;
  setConnection(state: ConnectionState): void;
}

/** A HostClient whose methods answer from `handlers` (unlisted methods reject NOT_FOUND-like). */
export function fakeHost(handlers: Partial<Record<HostMethodName, Handler>>): FakeHost {
  const listeners = new Set<HostEventListener>();
  const connection = new Set<(state: ConnectionState) => void>();
  const calls: { method: HostMethodName; params: unknown }[] = [];
  const api: Partial<Record<HostMethodName, (params: unknown) => Promise<unknown>>> = {};
  for (const name of HOST_METHOD_NAMES) {
    api[name] = async (params: unknown) => {
      calls.push({ method: name, params });
      const handler = handlers[name];
      if (!handler) throw Object.assign(new Error(`no fake for ${name}`), { code: 'METHOD_NOT_FOUND' });
      return handler(params as never);
    };
  }
  return {
    ...(api as HostApi),
    transport: 'http',
    calls,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connection.add(listener);
      return () => connection.delete(listener);
    },
    close() {},
    emit(event) {
      for (const l of listeners) l(event);
    },
    setConnection(state) {
      for (const l of connection) l(state);
    },
  };
}

/** Frames run only when the test says so. */
export class ManualFrames implements FrameScheduler {
  #next = 1;
  readonly pending = new Map<number, () => void>();
  request(callback: () => void): number {
    const id = this.#next++;
    this.pending.set(id, callback);
    return id;
  }
  cancel(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs the callbacks requested so far, as one animation frame. */
  frame(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const callback of due) callback();
  }
}
