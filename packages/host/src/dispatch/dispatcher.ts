// The one pipeline every call to the host goes through, whatever carried it (HTTP, Electron
// IPC, a caller in the same process): find the method, validate its params against the
// contract, run the hooks and the handler, and answer with a result or an error envelope.
// Transports only authenticate, decode and encode; logging, telemetry and observability attach
// here as hooks, so nothing ever rewraps the handlers.
import { CodedError, HostErrorCode, type ErrorEnvelope } from '@open-cowork/contracts';
import type { Logger } from '../log/index.js';
import type { CallContext, Caller } from './context.js';
import type { MethodEntry, MethodTable, ValidationIssue, ValidationOutcome } from './method-table.js';

/** One call as hooks see it: the method, the validated params and the caller's context. */
export interface CallInfo {
  readonly method: string;
  readonly params: unknown;
  readonly ctx: CallContext;
}

/**
 * Code that watches calls. `before` runs after validation and may refuse the call by throwing;
 * `after` sees the result (it is awaited, and a failure in it is logged, never answered);
 * `error` sees what the handler threw.
 */
export interface CallHooks {
  readonly before?: (call: CallInfo) => void | Promise<void>;
  readonly after?: (call: CallInfo, result: unknown) => void | Promise<void>;
  readonly error?: (call: CallInfo, error: unknown) => void;
}

/** A call's answer, ready for any transport to encode. `cause` is what was thrown, for the transport's own error log. */
export type CallReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ErrorEnvelope; readonly cause?: unknown };

/** What a transport needs of a dispatcher. */
export interface CallDispatcher {
  has(method: string): boolean;
  dispatch(method: string, params: unknown, caller: Caller, signal?: AbortSignal): Promise<CallReply>;
}

export interface DispatcherOptions {
  /** Told about every failure that is not a coded error (a host bug), with its stack. */
  readonly logger?: Pick<Logger, 'error'>;
}

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;
const NEVER = new AbortController().signal;

export class Dispatcher implements CallDispatcher {
  readonly #table: Record<string, MethodEntry> = Object.create(null) as Record<string, MethodEntry>;
  readonly #hooks = new Set<CallHooks>();
  readonly #logger: Pick<Logger, 'error'> | undefined;

  constructor(options: DispatcherOptions = {}) {
    this.#logger = options.logger;
  }

  /** Adds methods; a method already served is a wiring bug and throws. */
  add(table: MethodTable): void {
    const taken = Object.keys(table).filter((name) => Object.hasOwn(this.#table, name));
    if (taken.length > 0) throw new Error(`Methods registered twice: ${taken.join(', ')}.`);
    for (const [name, entry] of Object.entries(table)) this.#table[name] = entry;
  }

  /** Attaches hooks to every call from now on; returns the disposer. */
  use(hooks: CallHooks): () => void {
    this.#hooks.add(hooks);
    return () => this.#hooks.delete(hooks);
  }

  has(method: string): boolean {
    return METHOD_NAME.test(method) && Object.hasOwn(this.#table, method);
  }

  methods(): string[] {
    return Object.keys(this.#table);
  }

  async dispatch(method: string, params: unknown, caller: Caller, signal: AbortSignal = NEVER): Promise<CallReply> {
    const entry = this.has(method) ? this.#table[method] : undefined;
    if (entry === undefined) {
      const name = method.slice(0, 128);
      return { ok: false, error: { code: HostErrorCode.MethodNotFound, message: `Unknown method: ${name}`, data: { method: name } } };
    }
    const input = params === undefined ? {} : params;
    const issues = asIssues(entry.validate(input));
    if (issues.length > 0) return { ok: false, error: badRequest(issues) };
    const call: CallInfo = { method, params: input, ctx: { method, caller, signal } };
    const hooks = [...this.#hooks];
    try {
      for (const hook of hooks) await hook.before?.(call);
      const result = (await entry.handle(input, call.ctx)) ?? null;
      const [resultIssue] = asIssues(entry.validateResult?.(result));
      if (resultIssue !== undefined) {
        throw new Error(`Result of ${method} does not match its schema at "${resultIssue.pointer}": ${resultIssue.message}`);
      }
      for (const hook of hooks) await this.#quietly(method, () => hook.after?.(call, result));
      return { ok: true, result };
    } catch (error) {
      for (const hook of hooks) await this.#quietly(method, () => hook.error?.(call, error));
      if (error instanceof CodedError) return { ok: false, error: error.toEnvelope(), cause: error };
      this.#logger?.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { transport: caller.transport });
      return { ok: false, error: { code: HostErrorCode.Internal, message: 'Internal error' }, cause: error };
    }
  }

  /** A hook's failure is logged; it never changes what a call answers. */
  async #quietly(method: string, run: () => void | Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.#logger?.error(`a hook of ${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The thrown form of a failed reply: what was thrown when there was something, else the envelope as a CodedError. */
export function replyError(reply: Extract<CallReply, { ok: false }>): Error {
  if (reply.cause instanceof Error) return reply.cause;
  return new CodedError(reply.error.code, reply.error.message, reply.error.data);
}

export function asIssues(outcome: ValidationOutcome): readonly ValidationIssue[] {
  if (outcome === undefined) return [];
  return Array.isArray(outcome) ? outcome : [outcome as ValidationIssue];
}

/** BAD_REQUEST in the contract's shape: the first issue's message and pointer, and every issue. */
export function badRequest(issues: readonly ValidationIssue[]): ErrorEnvelope {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    code: HostErrorCode.BadRequest,
    message: `${first?.message ?? 'params are invalid'}${more}`,
    data: { pointer: first?.pointer ?? '', issues },
  };
}
