// About & diagnostics: versions, runtime status and recent log lines, and the support bundle.

import type { Diagnostics, DiagnosticsBundle } from '@open-cowork/contracts';

export interface DiagnosticsData {
  /** About & diagnostics; unset until loaded. */
  readonly diagnostics: Diagnostics | undefined;
}

export const DIAGNOSTICS_DATA: DiagnosticsData = { diagnostics: undefined };

export interface DiagnosticsActions {
  /** Versions, runtime status and recent log lines for About & diagnostics. */
  loadDiagnostics(): Promise<Diagnostics>;
  /** The support bundle (app.exportDiagnostics): secrets masked, credentials only as "set", home as ~. Not kept in the state. */
  exportDiagnostics(): Promise<DiagnosticsBundle>;
}
