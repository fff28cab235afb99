import { CodedError } from '@open-cowork/contracts';
import { Dispatcher, type MethodTable } from '../../src/dispatch/index.js';
import { createHostServer, type HostServer, type HostServerOptions } from '../../src/transport/index.js';

export const TOKEN = 'test-token-0123456789abcdef';

/** A hand-written table (no ajv): the transport must not care how validators are made. */
export function sampleMethods(): MethodTable {
  return {
    echo: {
      validate: (params) => {
        const text = (params as { text?: unknown } | null)?.text;
        if (typeof params !== 'object' || params === null) return { pointer: '', message: 'params must be an object' };
        return typeof text === 'string' ? undefined : { pointer: '/text', message: 'params/text must be a string' };
      },
      handle: async (params) => ({ echoed: (params as { text: string }).text }),
    },
    nothing: { validate: () => undefined, handle: async () => undefined },
    params: { validate: () => undefined, handle: async (params) => params },
    missing: {
      validate: () => undefined,
      handle: async () => {
        throw new CodedError('NOT_FOUND', 'No such session', { id: 's1' });
      },
    },
    busy: {
      validate: () => undefined,
      handle: async () => {
        throw new CodedError('CONFLICT', 'Session is busy');
      },
    },
    notReady: {
      validate: () => undefined,
      handle: async () => {
        throw new CodedError('RUNTIME_NOT_READY', 'Runtime is starting');
      },
    },
    ceiling: {
      validate: () => undefined,
      handle: async () => {
        throw new CodedError('PERMISSION_CEILING', 'Above the maximum');
      },
    },
    custom: {
      validate: () => undefined,
      handle: async () => {
        throw new CodedError('SOMETHING_ODD', 'Odd');
      },
    },
    crash: {
      validate: () => undefined,
      handle: async () => {
        throw new Error('ENOENT: /home/secret/path/settings.json');
      },
    },
  };
}

/** A dispatcher serving `table` and nothing else. */
export function dispatcherOf(table: MethodTable): Dispatcher {
  const dispatcher = new Dispatcher();
  dispatcher.add(table);
  return dispatcher;
}

/** A server over `methods` (default: sampleMethods()). */
export async function startServer(overrides: Partial<HostServerOptions> & { readonly methods?: MethodTable } = {}): Promise<HostServer> {
  const { methods, ...rest } = overrides;
  return createHostServer({ token: TOKEN, dispatcher: dispatcherOf(methods ?? sampleMethods()), ...rest });
}

export interface ApiBody {
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string; readonly data?: Record<string, unknown> };
}

export interface CallOutcome {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: ApiBody;
}

export async function call(server: HostServer, method: string, body?: string, token: string | null = TOKEN): Promise<CallOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${server.url}/api/${method}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: (text === '' ? {} : JSON.parse(text)) as ApiBody };
}

export interface SseFrame {
  readonly id?: string;
  readonly event: string;
  readonly data: { readonly type: string; readonly payload: unknown };
}

/** A minimal Server-Sent Events reader over fetch, enough to check framing and order. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #abort: AbortController;
  #buffer = '';
  readonly comments: string[] = [];
  readonly response: Response;

  private constructor(response: Response, abort: AbortController) {
    if (response.body === null) throw new Error('no body');
    this.response = response;
    this.#reader = response.body.getReader();
    this.#abort = abort;
  }

  static async open(url: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<SseReader> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    return new SseReader(response, abort);
  }

  /** The next event (comments are collected, not returned); undefined when the stream ends. */
  async next(): Promise<SseFrame | undefined> {
    for (;;) {
      const end = this.#buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const frame = this.#parse(block);
        if (frame !== undefined) return frame;
        continue;
      }
      const chunk = await this.#reader.read();
      if (chunk.done) return undefined;
      this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
    }
  }

  async take(count: number): Promise<SseFrame[]> {
    const frames: SseFrame[] = [];
    while (frames.length < count) {
      const frame = await this.next();
      if (frame === undefined) throw new Error(`stream ended after ${frames.length} of ${count} events`);
      frames.push(frame);
    }
    return frames;
  }

  close(): void {
    this.#abort.abort();
  }

  #parse(block: string): SseFrame | undefined {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return undefined;
    return { ...(id === undefined ? {} : { id }), event, data: JSON.parse(data.join('\n')) as SseFrame['data'] };
  }
}

/** Polls until `condition` holds; the test's own timeout is the only limit. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
