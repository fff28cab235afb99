// The host contract over Electron IPC: one channel for calls (renderer → main, answered) and
// one for events (main → renderer). Calls are checked the way the HTTP transport checks a
// request: who is asking (here: the main window's top frame on the app's origin, instead of
// a bearer token), whether the method exists, and whether the params match its schema
// (the same ajv validators, compiled from the same contract).
import Ajv2020 from 'ajv/dist/2020.js';
import { CodedError, HOST_METHOD_SCHEMAS, HostErrorCode, isHostMethodName, type ErrorEnvelope } from '@open-cowork/contracts';
import { compileMethodTable, type HostEventBus, type HostHandlers, type Logger, type RequestContext, type ValidationIssue } from '@open-cowork/host';
import { isAppUrl } from './origin.js';
import type { Disposer, IpcCallEvent, IpcMainPort, WindowPort } from './ports.js';

/** Renderer → main: `invoke(CALL_CHANNEL, method, params)`. Kept in step with preload.cts by a test. */
export const CALL_CHANNEL = 'open-cowork:call';
/** Main → renderer: `send(EVENT_CHANNEL, {type, payload})`. */
export const EVENT_CHANNEL = 'open-cowork:event';

/** What every call answers. Errors travel as data: a thrown error would lose its code on the way. */
export type IpcReply = { readonly result: unknown } | { readonly error: ErrorEnvelope };

export interface HostIpcOptions {
  readonly ipc: IpcMainPort;
  readonly handlers: HostHandlers;
  readonly events: Pick<HostEventBus, 'subscribe'>;
  /** The window allowed to call, if there is one now (it may be closed and recreated). */
  readonly window: () => WindowPort | undefined;
  readonly logger: Logger;
}

/** Serves the host over IPC until the returned disposer runs. */
export function registerHostIpc(options: HostIpcOptions): Disposer {
  const { ipc, logger } = options;
  const methods = compileMethodTable(HOST_METHOD_SCHEMAS, options.handlers, new Ajv2020.default({ strict: true, allErrors: true }));
  const stopping = new AbortController();

  const call = async (event: IpcCallEvent, method: unknown, params: unknown): Promise<IpcReply> => {
    const refusal = checkSender(event, options.window());
    if (refusal !== undefined) {
      logger.warn('refused a host call from a frame that may not make one', { reason: refusal });
      return { error: { code: HostErrorCode.Unauthorized, message: 'This page may not call the app.', data: { reason: refusal } } };
    }
    if (!isHostMethodName(method)) {
      const name = typeof method === 'string' ? method.slice(0, 128) : typeof method;
      return { error: { code: HostErrorCode.MethodNotFound, message: `Unknown method: ${name}`, data: { method: name } } };
    }
    const entry = methods[method];
    if (entry === undefined) return { error: { code: HostErrorCode.MethodNotFound, message: `Unknown method: ${method}`, data: { method } } };
    const input = params === undefined ? {} : params;
    const outcome = entry.validate(input);
    const issues: readonly ValidationIssue[] = outcome === undefined ? [] : Array.isArray(outcome) ? outcome : [outcome as ValidationIssue];
    if (issues.length > 0) return { error: badRequest(issues) };
    const ctx: RequestContext = { method, remoteAddress: 'ipc', headers: {}, signal: stopping.signal };
    try {
      return { result: (await entry.handle(input, ctx)) ?? null };
    } catch (error) {
      if (error instanceof CodedError) return { error: error.toEnvelope() };
      logger.error(`${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { error: { code: HostErrorCode.Internal, message: 'Internal error' } };
    }
  };
  ipc.handle(CALL_CHANNEL, (event, method, params) => call(event, method, params));

  const unsubscribe = options.events.subscribe((type, payload) => {
    const window = options.window();
    if (window === undefined || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(EVENT_CHANNEL, { type, payload });
  });

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    stopping.abort();
    unsubscribe();
    ipc.removeHandler(CALL_CHANNEL);
  };
}

/** Why `event` may not call the host, or undefined when it may. */
export function checkSender(event: IpcCallEvent, window: WindowPort | undefined): string | undefined {
  if (window === undefined || window.isDestroyed()) return 'no-window';
  if (event.sender.id !== window.webContents.id) return 'other-web-contents';
  const frame = event.senderFrame;
  if (frame === null) return 'frame-gone';
  if (frame.parent !== null) return 'subframe';
  if (!isAppUrl(frame.url)) return 'foreign-origin';
  return undefined;
}

/** BAD_REQUEST in the contract's shape, worded as the HTTP transport words it. */
function badRequest(issues: readonly ValidationIssue[]): ErrorEnvelope {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return {
    code: HostErrorCode.BadRequest,
    message: `${first?.message ?? 'params are invalid'}${more}`,
    data: { pointer: first?.pointer ?? '', issues },
  };
}
