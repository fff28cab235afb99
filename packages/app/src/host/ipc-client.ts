import type { HostApi, HostMethodName } from '@open-cowork/contracts';
import type { ConnectionState, Disposer, HostClient, HostEventListener } from './client.js';
import { HostError } from './errors.js';
import { methodTable } from './method-table.js';

/**
 * What the desktop preload exposes as `window.openCowork`: every contract method (rejecting
 * with a `{code, message, data}` envelope) and event subscription, as one frozen object.
 */
export type PreloadBridge = HostApi & {
  subscribe(listener: HostEventListener): Disposer;
};

/** The preload bridge, when the page runs inside the desktop shell. */
export function findPreloadBridge(scope: unknown = globalThis): PreloadBridge | undefined {
  const candidate = (scope as { openCowork?: unknown }).openCowork;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<Record<string, unknown>>;
  return typeof bridge['subscribe'] === 'function' && typeof bridge['app.info'] === 'function'
    ? (candidate as PreloadBridge)
    : undefined;
}

/** The host over Electron IPC, through the preload's bridge. */
export function createIpcHostClient(bridge: PreloadBridge): HostClient {
  const call = async (method: HostMethodName, params: unknown): Promise<unknown> => {
    const fn = bridge[method] as (params: unknown) => Promise<unknown>;
    try {
      return await fn(params);
    } catch (error) {
      throw HostError.from(error);
    }
  };
  return Object.freeze({
    ...methodTable(call),
    transport: 'ipc' as const,
    subscribe: (listener: HostEventListener): Disposer => bridge.subscribe(listener),
    onConnection(listener: (state: ConnectionState) => void): Disposer {
      // IPC has no connection to lose while the window lives.
      listener('open');
      return () => {};
    },
    close(): void {},
  });
}
