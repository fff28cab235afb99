// The runtime's event stream for one workspace, normalized: subscribes through the SDK
// (`event.subscribe({ directory })`, Server-Sent Events), feeds every raw event through an
// EventNormalizer and fans the results out through a hub. The SDK reconnects on its own after
// network errors; this stream ends when it is closed, its signal aborts or the server ends the
// stream cleanly (e.g. on shutdown).

import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import { RuntimeError, RuntimeRequestErrorCode } from '../session/errors.js';
import { RuntimeEventHub, type Disposer } from './hub.js';
import { EventNormalizer, type EventNormalizerOptions } from './normalize.js';

export interface RuntimeEventStreamOptions {
  /** The workspace folder to follow; events are stamped with it. */
  readonly directory: string;
  /** Closes the stream when aborted. */
  readonly signal?: AbortSignal;
  /** First wait before reconnecting; doubles per failed attempt. Default 250 ms. */
  readonly retryDelayMs?: number;
  /** Longest wait between reconnection attempts. Default 5000 ms. */
  readonly maxRetryDelayMs?: number;
  /** Told about connection failures (the SDK keeps retrying), for logs. */
  readonly onError?: (error: unknown) => void;
  /** Told about every raw OpenCode event before normalization, for logs and fixture capture. */
  readonly onRawEvent?: (raw: unknown) => void;
  readonly normalizer?: Omit<EventNormalizerOptions, 'directory'>;
}

export class RuntimeEventStream extends RuntimeEventHub {
  /** Resolves once OpenCode confirmed the subscription; events sent before that are not seen. */
  readonly ready: Promise<void>;
  /** Resolves when the stream has ended, for whatever reason. */
  readonly done: Promise<void>;
  private readonly controller = new AbortController();

  constructor(client: OpencodeClient, options: RuntimeEventStreamOptions) {
    super();
    const { signal } = this.controller;
    const onAbort = (): void => this.close();
    if (options.signal?.aborted) this.controller.abort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    let markReady: () => void = () => undefined;
    let failReady: (error: unknown) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined); // Nobody has to await `ready`.

    const normalizer = new EventNormalizer({ ...options.normalizer, directory: options.directory });
    this.done = (async () => {
      try {
        const { stream } = await client.event.subscribe(
          { directory: options.directory },
          {
            signal,
            sseDefaultRetryDelay: options.retryDelayMs ?? 250,
            sseMaxRetryDelay: options.maxRetryDelayMs ?? 5000,
            onSseError: (error) => {
              if (!signal.aborted) options.onError?.(error);
            },
          },
        );
        for await (const raw of stream) {
          if (signal.aborted) break;
          // The first event is always `server.connected`.
          markReady();
          options.onRawEvent?.(raw);
          for (const event of normalizer.normalize(raw)) this.emit(event);
        }
      } catch (error) {
        if (!signal.aborted) options.onError?.(error);
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        failReady(new RuntimeError(RuntimeRequestErrorCode.StreamClosed, 'The event stream closed before it connected', { operation: 'event.subscribe' }));
        this.controller.abort();
        this.end();
      }
    })();
  }

  /** Stops the subscription; listeners' `onEnd` runs at once. Idempotent. */
  close(): void {
    this.controller.abort();
    this.end();
  }
}

/** Opens the normalized event stream of one workspace. Close it (or abort its signal) when done. */
export function openRuntimeEvents(client: OpencodeClient, options: RuntimeEventStreamOptions): RuntimeEventStream {
  return new RuntimeEventStream(client, options);
}

/**
 * Normalizes a feed of raw OpenCode events into a hub, e.g. the supervisor's `onEvent`, which
 * follows `/global/event` for every workspace (events then carry their envelope's directory).
 * Disposing unsubscribes from the feed and ends the hub.
 */
export function normalizeRawEvents(
  subscribeRaw: (listener: (raw: unknown) => void) => Disposer,
  options: EventNormalizerOptions = {},
): { readonly events: RuntimeEventHub; readonly normalizer: EventNormalizer; readonly dispose: Disposer } {
  const events = new RuntimeEventHub();
  const normalizer = new EventNormalizer(options);
  const unsubscribe = subscribeRaw((raw) => {
    for (const event of normalizer.normalize(raw)) events.emit(event);
  });
  return {
    events,
    normalizer,
    dispose: () => {
      unsubscribe();
      events.end();
    },
  };
}
