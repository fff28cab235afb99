// The dispatcher for the host contract: features register their handlers (validated against the
// contract's schemas as they are added), and callers in this process call methods by name,
// typed from the contract, through the same pipeline as a remote client.
import Ajv2020 from 'ajv/dist/2020.js';
import { HOST_METHOD_NAMES, HOST_METHOD_SCHEMAS, type HostMethodName, type HostParams, type HostResult } from '@open-cowork/contracts';
import type { HostHandlers } from './handlers.js';
import { inProcess, type Caller } from './context.js';
import { Dispatcher, replyError, type DispatcherOptions } from './dispatcher.js';
import { compileMethodTable, type MethodHandler } from './method-table.js';

export interface HostDispatcherOptions extends DispatcherOptions {
  /** Also check every result against its schema (tests and development). */
  readonly checkResults?: boolean;
}

export class HostDispatcher extends Dispatcher {
  readonly #ajv = new Ajv2020.default({ strict: true, allErrors: true });
  readonly #checkResults: boolean;

  constructor(options: HostDispatcherOptions = {}) {
    super(options);
    this.#checkResults = options.checkResults === true;
  }

  /** Adds one feature's handlers. */
  register(handlers: Partial<HostHandlers>): void {
    const names = Object.keys(handlers) as HostMethodName[];
    const specs = Object.fromEntries(names.map((name) => [name, HOST_METHOD_SCHEMAS[name]]));
    this.add(compileMethodTable(specs, handlers as unknown as Record<string, MethodHandler>, this.#ajv, { checkResults: this.#checkResults }));
  }

  /** Throws unless every method of the contract has a handler. */
  assertComplete(): void {
    const missing = HOST_METHOD_NAMES.filter((name) => !this.has(name));
    if (missing.length > 0) throw new Error(`No handler registered for ${missing.join(', ')}.`);
  }

  /** Calls a method from this process; resolves to its result or throws its error. */
  async call<M extends HostMethodName>(method: M, params: HostParams<M>, caller: Caller = inProcess('host'), signal?: AbortSignal): Promise<HostResult<M>> {
    const reply = await this.dispatch(method, params, caller, signal);
    if (!reply.ok) throw replyError(reply);
    return reply.result as HostResult<M>;
  }
}
