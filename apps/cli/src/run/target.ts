// Where `run` sends its prompt: always a host, through the host contract. When a host already
// serves this data dir, its HTTP API (the runtime, settings, credentials, agents and MCP
// servers stay the host's own; nothing is started or swept beside it). Otherwise a host of its
// own in this process, built by the same composition root as `serve` (Host.create, which takes
// the data dir's lock first).
import type { HostEvent, HostMethodName, HostParams, HostResult } from '@open-cowork/contracts';
import { Host, inProcess, Logger, prettyLine, type HostOptions } from '@open-cowork/host';
import { readSseJson } from '@open-cowork/runtime';
import { HostClient } from '../host/host-client.js';
import type { HostRecord } from '../host/host-record.js';

export interface RunTarget {
  /** "remote" for a running host's API, "local" for a host in this process. */
  readonly kind: 'remote' | 'local';
  readonly url?: string;
  call<M extends HostMethodName>(method: M, params: HostParams<M>): Promise<HostResult<M>>;
  /** Host events from now on; `onEnd` when the stream is lost. Returns the disposer. */
  subscribe(listener: (event: HostEvent) => void, onEnd: (reason: string) => void): Promise<() => void>;
  /** Lets go: stops the local host; leaves a remote one running. */
  close(): Promise<void>;
}

/** The running host's API. */
export function remoteTarget(record: Pick<HostRecord, 'url' | 'token'>): RunTarget {
  const client = new HostClient({ url: record.url, token: record.token });
  return {
    kind: 'remote',
    url: record.url,
    call: (method, params) => client.call(method, params),
    async subscribe(listener, onEnd) {
      const stop = new AbortController();
      const response = await fetch(`${record.url}/api/events`, { headers: { authorization: `Bearer ${record.token}`, accept: 'text/event-stream' }, signal: stop.signal });
      if (!response.ok || !response.body) throw new Error(`the host's event stream answered HTTP ${response.status}`);
      void readSseJson(response.body, (event) => listener(event as HostEvent), stop.signal).then(
        () => stop.signal.aborted || onEnd('the host closed its event stream'),
        (error: unknown) => stop.signal.aborted || onEnd(error instanceof Error ? error.message : String(error)),
      );
      return () => stop.abort();
    },
    close: async () => undefined,
  };
}

/** A host of its own, started here; its log goes to stderr (warnings and errors only). */
export async function localTarget(options: Omit<HostOptions, 'logger'> & { readonly stderr: (text: string) => void; readonly workspaces?: readonly string[] }): Promise<RunTarget> {
  const { stderr, workspaces = [], ...hostOptions } = options;
  const logger = new Logger({ runId: 'run', level: 'warn', sink: (record) => stderr(prettyLine(record)) });
  const host = await Host.create({ ...hostOptions, logger });
  const caller = inProcess('cli.run');
  let started: Promise<void> | undefined;
  // Workspaces known before the runtime starts are in its sandbox from the start (adding one
  // later restarts the runtime).
  const start = async (): Promise<void> => {
    for (const directory of workspaces) await host.workspaces.add(directory);
    await host.start();
  };
  return {
    kind: 'local',
    call: async (method, params) => {
      started ??= start();
      await started;
      return host.dispatcher.call(method, params, caller);
    },
    subscribe: async (listener) => host.events.subscribe((type, payload) => listener({ type, payload } as HostEvent)),
    close: () => host.stop(),
  };
}

/** The session a host event is about, if any. */
export function eventSessionId(event: HostEvent): string | undefined {
  const payload = event.payload as { sessionId?: string; session?: { id?: string }; message?: { sessionId?: string }; part?: { sessionId?: string }; request?: { sessionId?: string } };
  return payload.sessionId ?? payload.session?.id ?? payload.message?.sessionId ?? payload.part?.sessionId ?? payload.request?.sessionId;
}

/** The id of the host's workspace for `directory` (a real path), added to the host's list when it is not there yet. */
export async function workspaceFor(target: RunTarget, directory: string): Promise<string> {
  const known = (await target.call('workspaces.list', {})).workspaces.find((workspace) => workspace.path === directory);
  return known?.id ?? (await target.call('workspaces.add', { path: directory })).id;
}
