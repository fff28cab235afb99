// Follows the runtime's global event stream through the pinned SDK (`client.global.event()`),
// reconnecting with backoff when it drops, until its signal is aborted. Each event (parsed by
// the SDK) is handed to `onEvent`; what the events mean is the normalizer's business. The SDK
// retries by itself forever with a backoff that never resets, so it is asked for one attempt
// per connection and the loop here owns the retry policy.
import type { OpencodeClient } from '@opencode-ai/sdk/v2';

export interface EventStreamOptions {
  /** The runtime's SDK client (base URL and Basic auth set). */
  readonly client: Pick<OpencodeClient, 'global'>;
  readonly signal: AbortSignal;
  readonly onEvent: (event: unknown) => void;
  /**
   * Told about every (re)connection and drop, for status and logs. A connection counts once
   * its first event arrived (OpenCode greets every subscriber at once).
   */
  readonly onConnection?: (state: { connected: boolean; attempt: number; error?: string }) => void;
  /** First retry delay; doubles per failed attempt up to `maxDelayMs`. Default 250 ms. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Runs until `signal` aborts; never rejects. */
export async function followEventStream(options: EventStreamOptions): Promise<void> {
  const { signal } = options;
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  let attempt = 0;
  while (!signal.aborted) {
    let error: string | undefined;
    let connected = false;
    try {
      const { stream } = await options.client.global.event({
        signal,
        sseMaxRetryAttempts: 1,
        onSseError: (caught: unknown) => {
          error = caught instanceof Error ? caught.message : String(caught);
        },
      });
      for await (const event of stream) {
        if (!connected) {
          connected = true;
          attempt = 0;
          options.onConnection?.({ connected: true, attempt });
        }
        options.onEvent(event);
      }
      error ??= 'stream ended';
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    if (signal.aborted) break;
    attempt += 1;
    options.onConnection?.({ connected: false, attempt, ...(error === undefined ? {} : { error }) });
    await sleep(Math.min(max, initial * 2 ** (attempt - 1)), signal);
  }
}

/**
 * Reads a Server-Sent Events body until it ends or `signal` aborts, handing each event's
 * `data` (parsed as JSON; other payloads are skipped) to `onEvent`. Comments and other
 * fields are ignored; multi-line data is joined. Returning true from `onEvent` stops reading.
 */
export async function readSseJson(body: ReadableStream<Uint8Array>, onEvent: (event: unknown) => boolean | void, signal?: AbortSignal): Promise<void> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          const stop = data.length > 0 && dispatch(data.join('\n'), onEvent);
          data = [];
          if (stop) {
            cancel();
            return;
          }
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** True when the listener asked to stop reading. */
function dispatch(payload: string, onEvent: (event: unknown) => boolean | void): boolean {
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return false; // not JSON: not an event we understand
  }
  return onEvent(event) === true;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
