export type * from './types.js';
export { RUNTIME_EVENT_TYPES } from './types.js';
export { EventNormalizer, createEventNormalizer, unwrapRawEvent, type EventNormalizerOptions } from './normalize.js';
export { RuntimeEventHub, type Disposer, type RuntimeEventListener, type RuntimeEventSource } from './hub.js';
export { normalizeRawEvents } from './stream.js';
export { mapError, mapMessage, mapPart, mapSession } from './map.js';
