// From a feed of raw OpenCode events to normalized ones. The feed is the supervisor's
// `onEvent`: its one `/global/event` stream, which reconnects with backoff and stops with the
// runtime (see ../event-stream.ts). Events then carry their envelope's workspace folder.

import { RuntimeEventHub, type Disposer } from './hub.js';
import { EventNormalizer, type EventNormalizerOptions } from './normalize.js';

/**
 * Normalizes a feed of raw OpenCode events into a hub, e.g.
 * `normalizeRawEvents((listener) => supervisor.onEvent(listener))`. One normalizer serves the
 * feed for its whole life, restarts included. Disposing unsubscribes from the feed and ends the hub.
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
