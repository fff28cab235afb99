// The telemetry feature has no methods of its own: it watches every call through dispatcher hooks.
import type { HostDispatcher } from '../dispatch/index.js';
import { telemetryHooks, type ObserveOptions } from './host-events.js';
import type { Telemetry } from './telemetry.js';

/** Attaches telemetry to every call; returns the disposer. */
export function registerTelemetry(dispatcher: Pick<HostDispatcher, 'use'>, telemetry: Pick<Telemetry, 'record'>, options: ObserveOptions = {}): () => void {
  return dispatcher.use(telemetryHooks(telemetry, options));
}
