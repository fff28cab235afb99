/** One published event, with its wire frame serialized once for every client. */
export interface BufferedEvent {
  readonly id: number;
  readonly type: string;
  readonly frame: string;
  /** Bytes of `frame` in UTF-8. */
  readonly size: number;
}

export type ReplayReason = 'too-far-behind' | 'unknown-id';

export type Replay =
  | { readonly kind: 'events'; readonly events: readonly BufferedEvent[] }
  | { readonly kind: 'resync'; readonly reason: ReplayReason };

export interface EventBufferOptions {
  /** Events kept for reconnecting clients. Default 1000. */
  readonly capacity?: number;
  /** Bytes of frames kept at most, whatever the count (large message parts). Default 16 MiB. */
  readonly maxBytes?: number;
  /** Id of the first event. Default: see {@link defaultFirstEventId}. */
  readonly firstId?: number;
}

/**
 * Ids start from the clock (microseconds since the epoch) rather than 1, so a host that
 * restarted always issues ids above those of the previous process: a client still holding
 * an old id gets a resync instead of silently receiving the new process's events under
 * ids it thinks it has seen. Stays a safe integer until the year 2255.
 */
export function defaultFirstEventId(now: number = Date.now()): number {
  return now * 1000 + 1;
}

/** A fixed-size ring of the most recent events, for `Last-Event-ID` replay. */
export class EventBuffer {
  readonly #ring: (BufferedEvent | undefined)[];
  readonly #maxBytes: number;
  /** Id of the oldest event still held (== #nextId when empty). */
  #oldestId: number;
  #nextId: number;
  #bytes = 0;

  constructor(options: EventBufferOptions = {}) {
    const capacity = options.capacity ?? 1000;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('Event buffer capacity must be a positive integer.');
    this.#ring = new Array<BufferedEvent | undefined>(capacity).fill(undefined);
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.#nextId = options.firstId ?? defaultFirstEventId();
    this.#oldestId = this.#nextId;
  }

  /** Id of the newest event; one below the first id while nothing was published. */
  get lastId(): number {
    return this.#nextId - 1;
  }

  push(type: string, toFrame: (id: number) => string): BufferedEvent {
    const id = this.#nextId++;
    const frame = toFrame(id);
    const event: BufferedEvent = { id, type, frame, size: Buffer.byteLength(frame) };
    if (id - this.#oldestId >= this.#ring.length) this.#evictOldest();
    this.#ring[id % this.#ring.length] = event;
    this.#bytes += event.size;
    // Always keep the newest event, however large, so a client one event behind can resume.
    while (this.#bytes > this.#maxBytes && this.#oldestId < id) this.#evictOldest();
    return event;
  }

  /**
   * What a client that last saw `lastEventId` has missed: exactly the events after it,
   * or a resync when they are no longer all here (or the id was never issued).
   */
  since(lastEventId: string): Replay {
    const seen = /^\d{1,16}$/.test(lastEventId) ? Number(lastEventId) : Number.NaN;
    if (!Number.isSafeInteger(seen) || seen > this.lastId) return { kind: 'resync', reason: 'unknown-id' };
    if (seen < this.#oldestId - 1) return { kind: 'resync', reason: 'too-far-behind' };
    const events: BufferedEvent[] = [];
    for (let id = seen + 1; id < this.#nextId; id++) {
      const event = this.#ring[id % this.#ring.length];
      if (event !== undefined) events.push(event);
    }
    return { kind: 'events', events };
  }

  #evictOldest(): void {
    const slot = this.#oldestId % this.#ring.length;
    this.#bytes -= this.#ring[slot]?.size ?? 0;
    this.#ring[slot] = undefined;
    this.#oldestId += 1;
  }
}
