import { HostErrorCode, isErrorEnvelope, type HostMethodName } from '@open-cowork/contracts';
import type { ConnectionState, Disposer, HostClient, HostEventListener } from './client.js';
import { ClientErrorCode, HostError } from './errors.js';
import { EventStream, type EventSourceFactory, type TimerPort } from './event-stream.js';
import { methodTable } from './method-table.js';

export interface HttpHostClientOptions {
  /** Origin (and path prefix) of the host; "" for the page's own origin. */
  readonly baseUrl?: string;
  /** The pairing token, sent as `Authorization: Bearer`. */
  readonly token: string;
  /** Injected for tests; defaults to the browser's fetch. */
  readonly fetch?: typeof fetch;
  /** Injected for tests; defaults to the browser's EventSource. */
  readonly createEventSource?: EventSourceFactory;
  /** Injected for tests; defaults to window timers. */
  readonly timers?: TimerPort;
  /** Called when the host rejects the token (the app then asks for a new one). */
  readonly onUnauthorized?: () => void;
}

/**
 * The host over HTTP: `POST /api/<method>` with the bearer token, events from
 * `GET /api/events` (Server-Sent Events, resumed from the last event id on reconnect).
 */
export function createHttpHostClient(options: HttpHostClientOptions): HostClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let closed = false;

  const call = async (method: HostMethodName, params: unknown): Promise<unknown> => {
    if (closed) throw new HostError(ClientErrorCode.Unreachable, 'The connection to the host was closed.');
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify(params),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new HostError(ClientErrorCode.Unreachable, `The host did not answer (${describe(error)}).`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new HostError(ClientErrorCode.BadResponse, `The host answered ${method} with HTTP ${response.status} and no JSON.`, undefined, response.status);
    }
    if (typeof body === 'object' && body !== null) {
      const envelope = (body as { error?: unknown }).error;
      if (isErrorEnvelope(envelope)) {
        if (envelope.code === HostErrorCode.Unauthorized) options.onUnauthorized?.();
        throw new HostError(envelope.code as HostErrorCode, envelope.message, envelope.data, response.status);
      }
      if (response.ok && Object.hasOwn(body, 'result')) return (body as { result: unknown }).result;
    }
    throw new HostError(ClientErrorCode.BadResponse, `The host answered ${method} with HTTP ${response.status} but no result.`, undefined, response.status);
  };

  const stream = new EventStream({
    url: (lastEventId) => {
      const query = new URLSearchParams({ token: options.token });
      if (lastEventId !== undefined) query.set('lastEventId', lastEventId);
      return `${base}/api/events?${query.toString()}`;
    },
    createEventSource: options.createEventSource ?? ((url) => new EventSource(url)),
    timers: options.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>) },
    // A host restarted since this tab paired answers the stream 401 for good: ask with a plain
    // call, whose 401 (if that is what it is) sends the tab to the pairing screen at once
    // instead of leaving it reconnecting forever. Any other answer: the stream's retries go on.
    onRefused: () => {
      if (!closed) call('runtime.status', {}).catch(() => undefined);
    },
  });

  return Object.freeze({
    ...methodTable(call),
    transport: 'http' as const,
    subscribe(listener: HostEventListener): Disposer {
      return stream.subscribe(listener);
    },
    onConnection(listener: (state: ConnectionState) => void): Disposer {
      return stream.onState(listener);
    },
    close(): void {
      closed = true;
      stream.close();
    },
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
