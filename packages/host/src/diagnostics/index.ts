// Diagnostics export (app.exportDiagnostics) and the observability wiring. See docs/telemetry.md.
export { DIAGNOSTICS_FORMAT, DIAGNOSTICS_MAX_BYTES, diagnosticsExportHandlers, exportDiagnostics, maskedConfig, type DiagnosticsExportOptions } from './export.js';
export { Observability, type ExportSources, type ObservabilityHostOptions, type ObservabilityOptions } from './observability.js';
