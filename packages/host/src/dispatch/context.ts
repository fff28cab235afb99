// Who is calling the host, as each transport knows it. A handler that cares (few do) switches
// on `transport`; nothing pretends to be another transport (IPC has no remote address).
import type { IncomingHttpHeaders } from 'node:http';

/** A request over the HTTP API, already past the transport's token, Host and Origin checks. */
export interface HttpCaller {
  readonly transport: 'http';
  readonly remoteAddress: string;
  readonly headers: IncomingHttpHeaders;
}

/** A call from the desktop renderer, already past the sender-frame check. */
export interface IpcCaller {
  readonly transport: 'ipc';
  /** The web contents that sent it. */
  readonly senderId: number;
  /** The URL of the sending frame (the app's own origin). */
  readonly frameUrl: string;
}

/** A call from inside the process: another host part, the CLI's composition root, a test. */
export interface InProcessCaller {
  readonly transport: 'in-process';
  /** Who calls, for logs (e.g. "agents-bridge", "desktop.update-round"). */
  readonly name: string;
}

export type Caller = HttpCaller | IpcCaller | InProcessCaller;

/** What a handler knows about its call besides the params. */
export interface CallContext {
  readonly method: string;
  readonly caller: Caller;
  /** Aborted when the caller goes away before the answer (a closed HTTP connection, a stopped app). */
  readonly signal: AbortSignal;
}

export function inProcess(name: string): InProcessCaller {
  return { transport: 'in-process', name };
}
