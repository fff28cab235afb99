// The remote side of telemetry: sanitised events POSTed as JSON to the configured https
// collector with the configured headers, best effort. `enqueue` only pushes onto a bounded
// queue (a full queue drops the event and counts it) and returns; one request at a time
// drains it in the background, each with a 2-second deadline. Failures are counted and
// logged at debug with the collector's origin only, never the headers.
import { guardedFetch, type GuardedFetchOptions } from '../network/index.js';
import type { Logger } from '../log/index.js';

export interface ForwarderOptions {
  /** https collector URL. */
  readonly endpoint: string;
  /** Sent with every request (values already resolved from placeholders; secrets). */
  readonly headers: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** Deadline per request, body included. Default 2 000 ms. */
  readonly timeoutMs?: number;
  /** Most events waiting; more are dropped. Default 500. */
  readonly maxQueue?: number;
  /** Most events per request. Default 50. */
  readonly batchSize?: number;
  /** The guarded fetch's options (tests pass a test CA). */
  readonly network?: Omit<GuardedFetchOptions, 'timeoutMs'>;
}

export interface ForwarderStats {
  readonly sent: number;
  readonly failed: number;
  readonly dropped: number;
  readonly queued: number;
}

export const FORWARD_TIMEOUT_MS = 2_000;

export class Forwarder {
  readonly origin: string;
  readonly #options: ForwarderOptions;
  readonly #queue: unknown[] = [];
  readonly #stop = new AbortController();
  readonly #maxQueue: number;
  readonly #batchSize: number;
  #draining: Promise<void> | undefined;
  #sent = 0;
  #failed = 0;
  #dropped = 0;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.origin = new URL(options.endpoint).origin;
    this.#maxQueue = Math.max(1, options.maxQueue ?? 500);
    this.#batchSize = Math.max(1, options.batchSize ?? 50);
  }

  /** Queues one event; never waits, never throws. */
  enqueue(event: unknown): void {
    if (this.#stop.signal.aborted) return;
    if (this.#queue.length >= this.#maxQueue) {
      this.#dropped += 1;
      return;
    }
    this.#queue.push(event);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  stats(): ForwarderStats {
    return { sent: this.#sent, failed: this.#failed, dropped: this.#dropped, queued: this.#queue.length };
  }

  /** Resolves once the queue is empty (every request finished or timed out). */
  async flush(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /** Abandons the request in flight and everything queued. */
  stop(): void {
    this.#stop.abort();
    this.#queue.splice(0);
  }

  async #drain(): Promise<void> {
    // Let the caller's turn finish first: recording never runs any of this synchronously.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0 && !this.#stop.signal.aborted) {
      const batch = this.#queue.splice(0, this.#batchSize);
      await this.#send(batch);
    }
  }

  async #send(events: unknown[]): Promise<void> {
    const timeoutMs = this.#options.timeoutMs ?? FORWARD_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
    try {
      const response = await guardedFetch(
        this.#options.endpoint,
        {
          method: 'POST',
          headers: { ...this.#options.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
          redirect: 'error',
          signal: AbortSignal.any([deadline.signal, this.#stop.signal]),
        },
        { ...this.#options.network, timeoutMs },
      );
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) this.#sent += 1;
      else {
        this.#failed += 1;
        this.#options.logger.debug('telemetry collector refused events', { origin: this.origin, status: response.status, events: events.length });
      }
    } catch (error) {
      this.#failed += 1;
      const reason = deadline.signal.aborted ? (deadline.signal.reason as Error).message : describe(error);
      this.#options.logger.debug('telemetry events not forwarded', { origin: this.origin, reason, events: events.length });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An error's message and cause code, with nothing of the request in it. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const message = error instanceof Error ? error.message : String(error);
  return typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
}
