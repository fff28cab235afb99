// Usage telemetry (see docs/telemetry.md): sanitised events in daily local files, optionally
// forwarded to an https collector; and the sanitizer the diagnostics export shares.
export { dayOf, TelemetryFiles, type TelemetryFilesOptions } from './files.js';
export { FORWARD_TIMEOUT_MS, Forwarder, type ForwarderOptions, type ForwarderStats } from './forwarder.js';
export { runtimeStatusRecorder, startedEvent, telemetryHooks, type ObserveOptions } from './host-events.js';
export { configSecrets, KnownSecrets, type KnownSecretsSources } from './known-secrets.js';
export { createSanitizer, SECRET_KEY, type Sanitizer, type SanitizerOptions } from './sanitize.js';
export { DEFAULT_RETENTION_DAYS, Telemetry, type TelemetryEvent, type TelemetryOptions } from './telemetry.js';
