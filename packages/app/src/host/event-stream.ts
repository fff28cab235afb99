import { HOST_EVENT_NAMES, isHostEventName, type HostEvent } from '@open-cowork/contracts';
import type { ConnectionState, Disposer, HostEventListener } from './client.js';

/** The part of the browser's EventSource the stream uses (a fake in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export interface TimerPort {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface EventStreamOptions {
  /** The stream URL, resuming after `lastEventId` when there is one. */
  readonly url: (lastEventId: string | undefined) => string;
  readonly createEventSource: EventSourceFactory;
  readonly timers: TimerPort;
  /** First delay before re-opening a stream the browser gave up on; doubles up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * The browser gave up on a stream because of an HTTP error. EventSource does not say which
   * one, so the owner checks (a 401 means the token no longer works: no retry will help).
   */
  readonly onRefused?: () => void;
}

const CLOSED = 2;

/**
 * One Server-Sent Events stream of host events. The browser's EventSource reconnects by
 * itself after network errors (sending Last-Event-ID); when it gives up for good (an HTTP
 * error such as 503 while the host restarts), a new one is opened with backoff and told the
 * last id seen, so the host replays what was missed or sends `resync`.
 */
export class EventStream {
  readonly #options: EventStreamOptions;
  readonly #listeners = new Set<HostEventListener>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #source: EventSourceLike | undefined;
  #timer: unknown;
  #attempt = 0;
  #lastEventId: string | undefined;
  #state: ConnectionState = 'connecting';
  #started = false;
  #closed = false;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  subscribe(listener: HostEventListener): Disposer {
    this.#listeners.add(listener);
    this.#start();
    return () => this.#listeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): Disposer {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#source?.close();
    this.#source = undefined;
    this.#setState('closed');
    this.#listeners.clear();
  }

  #start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#open();
  }

  #open(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const source = this.#options.createEventSource(this.#options.url(this.#lastEventId));
    this.#source = source;
    const onMessage = (event: MessageEvent): void => this.#receive(event);
    for (const name of HOST_EVENT_NAMES) source.addEventListener(name, onMessage);
    source.onopen = () => {
      if (source !== this.#source) return;
      this.#attempt = 0;
      this.#setState('open');
    };
    source.onerror = () => {
      if (source !== this.#source) return;
      if (source.readyState === CLOSED) {
        source.close();
        this.#source = undefined;
        this.#scheduleReopen();
        this.#options.onRefused?.();
      }
      this.#setState('reconnecting');
    };
  }

  #scheduleReopen(): void {
    if (this.#closed || this.#timer !== undefined) return;
    const base = this.#options.baseDelayMs ?? 500;
    const delay = Math.min(this.#options.maxDelayMs ?? 15_000, base * 2 ** this.#attempt);
    this.#attempt += 1;
    this.#timer = this.#options.timers.setTimeout(() => this.#open(), delay);
  }

  #receive(event: MessageEvent): void {
    if (typeof event.lastEventId === 'string' && event.lastEventId !== '') this.#lastEventId = event.lastEventId;
    const hostEvent = parseFrame(event.type, event.data);
    if (hostEvent === undefined) return;
    for (const listener of this.#listeners) listener(hostEvent);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}

/** A frame's `{type, payload}` data as a HostEvent; undefined for anything malformed. */
export function parseFrame(eventType: string, data: unknown): HostEvent | undefined {
  if (typeof data !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, payload } = parsed as { type?: unknown; payload?: unknown };
  if (!isHostEventName(type) || type !== eventType || typeof payload !== 'object' || payload === null) return undefined;
  // The host publishes only contract events with payloads checked against their schemas.
  return { type, payload } as HostEvent;
}
