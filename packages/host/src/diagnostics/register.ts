// The diagnostics feature: app.diagnostics (what a bug report needs) and app.exportDiagnostics
// (the redacted bundle).
import type { HostDispatcher } from '../dispatch/index.js';
import { diagnosticsHandlers, type DiagnosticsOptions } from './app-diagnostics.js';
import type { ExportSources, Observability } from './observability.js';

export function registerDiagnostics(
  dispatcher: Pick<HostDispatcher, 'register'>,
  options: DiagnosticsOptions & { readonly observability: Observability; readonly exportSources: ExportSources },
): void {
  dispatcher.register(diagnosticsHandlers(options));
  dispatcher.register(options.observability.exportHandlers(options.exportSources));
}
