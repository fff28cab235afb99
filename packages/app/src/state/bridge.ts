// The one place host events enter the stores: every event of a frame is collected and
// handed to `actions.ingest` as one batch, on the next animation frame.

import type { HostEvent } from '@open-cowork/contracts';
import type { Disposer, HostClient } from '../host/client.js';
import type { AppStore } from './store.js';

/** When to flush: the next animation frame in a page, a fake in tests. */
export interface FrameScheduler {
  request(callback: () => void): unknown;
  cancel(handle: unknown): void;
}

export const animationFrames: FrameScheduler = {
  request: (callback) =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => callback()) : setTimeout(callback, 16),
  cancel: (handle) => {
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(handle as number);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Collects events and delivers them in batches, one per frame. */
export class FrameBatcher<T> {
  readonly #deliver: (batch: T[]) => void;
  readonly #scheduler: FrameScheduler;
  #pending: T[] = [];
  #handle: unknown;

  constructor(deliver: (batch: T[]) => void, scheduler: FrameScheduler) {
    this.#deliver = deliver;
    this.#scheduler = scheduler;
  }

  push(item: T): void {
    this.#pending.push(item);
    if (this.#handle === undefined) this.#handle = this.#scheduler.request(() => this.flush());
  }

  /** Delivers what is pending now (also used when a frame will not come, e.g. a hidden tab). */
  flush(): void {
    if (this.#handle !== undefined) this.#scheduler.cancel(this.#handle);
    this.#handle = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#deliver(batch);
  }

  dispose(): void {
    if (this.#handle !== undefined) this.#scheduler.cancel(this.#handle);
    this.#handle = undefined;
    this.#pending = [];
  }
}

/**
 * Connects a host's events and connection state to a store. Background tabs get no
 * animation frames, so a timer flushes too if a frame has not come within `maxDelayMs`.
 */
export function connectEventBridge(host: HostClient, store: AppStore, scheduler: FrameScheduler = animationFrames, maxDelayMs = 250): Disposer {
  const { actions } = store.getState();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const batcher = new FrameBatcher<HostEvent>((batch) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    actions.ingest(batch);
  }, scheduler);
  const offEvents = host.subscribe((event) => {
    batcher.push(event);
    if (timer === undefined && maxDelayMs > 0) timer = setTimeout(() => {
      timer = undefined;
      batcher.flush();
    }, maxDelayMs);
  });
  const offConnection = host.onConnection((state) => actions.setConnection(state));
  return () => {
    offEvents();
    offConnection();
    if (timer !== undefined) clearTimeout(timer);
    batcher.dispose();
  };
}
