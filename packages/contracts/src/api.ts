// The host API as TypeScript: derived from the generated HostMethods/HostEvents maps, which are
// generated from HOST_METHODS/HOST_EVENTS. HostApi is the one interface the Electron preload,
// the HTTP client and the host's own dispatcher implement.

import type { HostEvents, HostMethods } from './generated/host-types.js';
import { HOST_EVENTS } from './events.js';
import { HOST_METHODS } from './methods.js';

export type HostMethodName = keyof HostMethods;
export type HostEventName = keyof HostEvents;

export type HostParams<M extends HostMethodName> = HostMethods[M]['params'];
export type HostResult<M extends HostMethodName> = HostMethods[M]['result'];
export type HostEventPayload<E extends HostEventName> = HostEvents[E];

/** One event as it crosses a boundary: its name and payload (a union over every event). */
export type HostEvent = { [K in HostEventName]: { type: K; payload: HostEvents[K] } }[HostEventName];

/** Every method of the host, each taking its params object and resolving to its result. */
export type HostApi = { [M in HostMethodName]: (params: HostParams<M>) => Promise<HostResult<M>> };

/** Every method name, in contract order. */
export const HOST_METHOD_NAMES = Object.keys(HOST_METHODS) as readonly HostMethodName[];

/** Every event name, in contract order. */
export const HOST_EVENT_NAMES = Object.keys(HOST_EVENTS) as readonly HostEventName[];

export function isHostMethodName(value: unknown): value is HostMethodName {
  return typeof value === 'string' && Object.hasOwn(HOST_METHODS, value);
}

export function isHostEventName(value: unknown): value is HostEventName {
  return typeof value === 'string' && Object.hasOwn(HOST_EVENTS, value);
}

// Compile-time proof that the generated maps name exactly the methods and events of the
// schemas (the casts above rely on it). A stale generated file fails typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodsMatch: Same<keyof typeof HOST_METHODS, HostMethodName> = true;
const eventsMatch: Same<keyof typeof HOST_EVENTS, HostEventName> = true;
void methodsMatch;
void eventsMatch;
