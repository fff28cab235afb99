import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventBuffer, type EventBufferOptions } from './event-buffer.js';
import { sendError } from './respond.js';

/** Event type sent (without being buffered) to a client whose missed events are gone. */
export const RESYNC_EVENT = 'resync';

const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

export interface SseHubOptions extends EventBufferOptions {
  /** Comment line sent this often to keep proxies and idle timers from closing streams. Default 15 000 ms. */
  readonly heartbeatMs?: number;
  /**
   * Bytes allowed to pile up unsent for one client. A client that reads slower than
   * events arrive is disconnected at this point rather than buffered without bound; it
   * reconnects with Last-Event-ID and catches up from the ring (or resyncs). Default 1 MiB.
   */
  readonly maxClientBufferBytes?: number;
  /** Reconnect delay suggested to EventSource clients. Default 1000 ms. */
  readonly retryMs?: number;
  /** Event streams served at once; one more is refused (503) rather than let memory grow. Default 64. */
  readonly maxClients?: number;
}

/** Fans published events out to every connected Server-Sent Events client. */
export class SseHub {
  readonly #buffer: EventBuffer;
  readonly #clients = new Set<ServerResponse>();
  readonly #maxClientBufferBytes: number;
  readonly #retryMs: number;
  readonly #maxClients: number;
  readonly #heartbeat: NodeJS.Timeout;
  #dropped = 0;
  #closed = false;

  constructor(options: SseHubOptions = {}) {
    this.#buffer = new EventBuffer(options);
    this.#maxClientBufferBytes = options.maxClientBufferBytes ?? 1024 * 1024;
    this.#retryMs = options.retryMs ?? 1000;
    this.#maxClients = options.maxClients ?? 64;
    this.#heartbeat = setInterval(() => this.#broadcast(': ping\n\n'), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Clients disconnected so far for falling too far behind. */
  get droppedClients(): number {
    return this.#dropped;
  }

  get lastEventId(): number {
    return this.#buffer.lastId;
  }

  /** Buffers the event and sends it to every client; returns its id. */
  publish(type: string, payload: unknown): number {
    if (this.#closed) throw new Error('The event stream is closed.');
    if (!EVENT_TYPE.test(type) || type === RESYNC_EVENT) throw new Error(`Invalid event type: ${JSON.stringify(type)}`);
    const data = JSON.stringify({ type, payload: payload ?? null });
    const event = this.#buffer.push(type, (id) => `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`);
    this.#broadcast(event.frame, event.size);
    return event.id;
  }

  /** Turns `res` into an event stream: replays what the client missed, then goes live. */
  attach(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (this.#closed) {
      res.writeHead(503).end();
      return;
    }
    if (this.#clients.size >= this.#maxClients) {
      sendError(res, 503, { code: 'TOO_MANY_STREAMS', message: `The host serves at most ${this.#maxClients} event streams at once` }, { 'Retry-After': '5' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells nginx-style proxies not to hold events back in a buffer.
      'X-Accel-Buffering': 'no',
    });
    req.socket.setNoDelay(true);
    let opening = `retry: ${this.#retryMs}\n: connected\n\n`;
    // EventSource sends the header on its own reconnects; the query form is for clients
    // that open a fresh EventSource and want to resume.
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? undefined;
    if (lastEventId !== undefined && lastEventId !== '') {
      const replay = this.#buffer.since(lastEventId.trim());
      if (replay.kind === 'events') {
        for (const event of replay.events) opening += event.frame;
      } else {
        // The resync carries the newest id, so the client's cursor moves past what it
        // can no longer get and its next reconnect resumes from here.
        const data = JSON.stringify({ type: RESYNC_EVENT, payload: { reason: replay.reason } });
        opening += `id: ${this.#buffer.lastId}\nevent: ${RESYNC_EVENT}\ndata: ${data}\n\n`;
      }
    }
    // Replay and registration happen in one synchronous step, so no event published in
    // between can be missed or sent twice.
    res.write(opening);
    if (res.destroyed) return;
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
  }

  /** Ends every stream and stops the heartbeat. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #broadcast(chunk: string, size: number = Buffer.byteLength(chunk)): void {
    for (const res of this.#clients) {
      if (res.writableLength + size > this.#maxClientBufferBytes) {
        this.#clients.delete(res);
        this.#dropped += 1;
        res.destroy();
        continue;
      }
      res.write(chunk);
    }
  }
}
