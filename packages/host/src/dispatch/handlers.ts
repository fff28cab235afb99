// The shape every host feature fills in: one async handler per contract method, typed from
// the contract. Handlers are registered with the dispatcher, which every transport calls through.
import type { HostMethodName, HostParams, HostResult } from '@open-cowork/contracts';
import type { CallContext } from './context.js';

/** A handler for method M. The dispatcher always passes the context; unit tests may leave it out. */
export type HostHandler<M extends HostMethodName> = (params: HostParams<M>, ctx?: CallContext) => Promise<HostResult<M>>;

/** Handlers for a subset of the contract (one service's share). */
export type HandlersFor<K extends HostMethodName> = { readonly [M in K]: HostHandler<M> };

/** Handlers for the whole contract. */
export type HostHandlers = HandlersFor<HostMethodName>;
