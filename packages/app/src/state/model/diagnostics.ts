// About & diagnostics: versions, runtime status and recent log lines, and the support bundle.

import type { Diagnostics, DiagnosticsBundle, Health, RunnerInfo } from '@open-cowork/contracts';

export interface DiagnosticsData {
  /** About & diagnostics; unset until loaded. */
  readonly diagnostics: Diagnostics | undefined;
  /** The runner of the host's data dir (app.runner); unset until loaded. */
  readonly runner: RunnerInfo | undefined;
}

export const DIAGNOSTICS_DATA: DiagnosticsData = { diagnostics: undefined, runner: undefined };

export interface DiagnosticsActions {
  /** Versions, runtime status and recent log lines for About & diagnostics. */
  loadDiagnostics(): Promise<Diagnostics>;
  /** Whether a runner of the host's data dir runs, and which gateway it serves. */
  loadRunner(): Promise<RunnerInfo>;
  /** The support bundle (app.exportDiagnostics): secrets masked, credentials only as "set", home as ~. Not kept in the state. */
  exportDiagnostics(): Promise<DiagnosticsBundle>;
  /** The Health page: the runtime and each capability, ready or not, and where it comes from. Not kept in the state. */
  loadHealth(): Promise<Health>;
}
