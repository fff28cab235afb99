// The contract's events inside the host: features publish, transports (the SSE hub, the
// desktop's IPC bridge) and tests subscribe.
import type { HostEventName, HostEventPayload } from '@open-cowork/contracts';

export type HostEventListener = (type: HostEventName, payload: unknown) => void;

export interface HostEventSink {
  publish<E extends HostEventName>(type: E, payload: HostEventPayload<E>): void;
}

/** Fans host events out to every subscriber (the SSE hub, the desktop's IPC bridge, tests). */
export class HostEventBus implements HostEventSink {
  readonly #listeners = new Set<HostEventListener>();

  publish<E extends HostEventName>(type: E, payload: HostEventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(type, payload);
      } catch {
        // one broken subscriber must not starve the others
      }
    }
  }

  subscribe(listener: HostEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
