// Fans RuntimeEvents out to any number of listeners. Every subscription returns its disposer;
// an async iterator is offered on top for scripts and tests.

import type { RuntimeEvent } from './types.js';

export type Disposer = () => void;

export interface RuntimeEventListener {
  (event: RuntimeEvent): void;
}

/** Something that delivers RuntimeEvents: the live stream, or a hub fed by hand in tests. */
export interface RuntimeEventSource {
  /**
   * Calls `listener` for every event from now on, and `onEnd` once when the source ends (at
   * once if it already has). Returns the disposer that stops both.
   */
  subscribe(listener: RuntimeEventListener, onEnd?: () => void): Disposer;
}

export class RuntimeEventHub implements RuntimeEventSource, AsyncIterable<RuntimeEvent> {
  private readonly listeners = new Set<{ listener: RuntimeEventListener; onEnd: (() => void) | undefined }>();
  private ended = false;

  get isEnded(): boolean {
    return this.ended;
  }

  subscribe(listener: RuntimeEventListener, onEnd?: () => void): Disposer {
    if (this.ended) {
      onEnd?.();
      return () => undefined;
    }
    const entry = { listener, onEnd };
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Delivers one event to every listener; a throwing listener does not stop the others. */
  emit(event: RuntimeEvent): void {
    if (this.ended) return;
    for (const { listener } of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Ends the source: every listener's `onEnd` runs once, later subscribers end at once. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const entries = [...this.listeners];
    this.listeners.clear();
    for (const { onEnd } of entries) onEnd?.();
  }

  /** Events from the moment iteration starts; each iterator buffers for its own consumer. */
  [Symbol.asyncIterator](): AsyncIterator<RuntimeEvent> {
    const queue: RuntimeEvent[] = [];
    const waiting: ((result: IteratorResult<RuntimeEvent, undefined>) => void)[] = [];
    let done = false;
    let dispose: Disposer | undefined = undefined; // onEnd runs inside subscribe() when the hub already ended.
    const finish = (): void => {
      done = true;
      dispose?.();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    };
    dispose = this.subscribe((event) => {
      const resolve = waiting.shift();
      if (resolve) resolve({ value: event, done: false });
      else queue.push(event);
    }, finish);
    return {
      next: () => {
        const event = queue.shift();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: () => {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
