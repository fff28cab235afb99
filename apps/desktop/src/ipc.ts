// The host contract over Electron IPC: one channel for calls (renderer → main, answered) and
// one for events (main → renderer). This adapter only checks who is asking (the main window's
// top frame on the app's origin, where HTTP checks a bearer token) and carries the host
// dispatcher's reply back; the dispatcher validates the params and runs the method.
import { HostErrorCode, type ErrorEnvelope } from '@open-cowork/contracts';
import type { CallDispatcher, HostEventBus, IpcCaller, Logger } from '@open-cowork/host';
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
  readonly dispatcher: CallDispatcher;
  readonly events: Pick<HostEventBus, 'subscribe'>;
  /** The window allowed to call, if there is one now (it may be closed and recreated). */
  readonly window: () => WindowPort | undefined;
  readonly logger: Logger;
}

/** Serves the host over IPC until the returned disposer runs. */
export function registerHostIpc(options: HostIpcOptions): Disposer {
  const { ipc, logger } = options;
  const stopping = new AbortController();

  const call = async (event: IpcCallEvent, method: unknown, params: unknown): Promise<IpcReply> => {
    const refusal = checkSender(event, options.window());
    if (refusal !== undefined) {
      logger.warn('refused a host call from a frame that may not make one', { reason: refusal });
      return { error: { code: HostErrorCode.Unauthorized, message: 'This page may not call the app.', data: { reason: refusal } } };
    }
    if (typeof method !== 'string') {
      return { error: { code: HostErrorCode.MethodNotFound, message: `Unknown method: ${typeof method}`, data: { method: typeof method } } };
    }
    const caller: IpcCaller = { transport: 'ipc', senderId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' };
    const reply = await options.dispatcher.dispatch(method, params, caller, stopping.signal);
    return reply.ok ? { result: reply.result } : { error: reply.error };
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
