// The shape every host feature fills in: one async handler per contract method, typed from
// the contract, and one event bus for the contract's events. Handlers are registered with the
// dispatcher (dispatch/), which every transport calls through.
import type { HostEventName, HostEventPayload, HostMethodName, HostParams, HostResult } from '@open-cowork/contracts';
import type { CallContext } from './dispatch/context.js';

/** A handler for method M. The dispatcher always passes the context; unit tests may leave it out. */
export type HostHandler<M extends HostMethodName> = (params: HostParams<M>, ctx?: CallContext) => Promise<HostResult<M>>;

/** Handlers for a subset of the contract (one service's share). */
export type HandlersFor<K extends HostMethodName> = { readonly [M in K]: HostHandler<M> };

/** Handlers for the whole contract. */
export type HostHandlers = HandlersFor<HostMethodName>;

export type HostEventListener = (type: HostEventName, payload: unknown) => void;

export interface HostEventSink {
  publish<E extends HostEventName>(type: E, payload: HostEventPayload<E>): void;
}

/** Fans host events out to every subscriber (the SSE hub, the desktop's IPC bridge, tests). */
export class HostEventBus implements HostEventSink {
  readonly #listeners = new Set<HostEventListener>();

  publish<E extends HostEventName>(type: E, payload: HostEventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(type, payload);
      } catch {
        // one broken subscriber must not starve the others
      }
    }
  }

  subscribe(listener: HostEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
