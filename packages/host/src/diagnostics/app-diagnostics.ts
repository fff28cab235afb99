// app.diagnostics: what a bug report needs, from the parts of the host that know it.
import { HOST_CONTRACT_VERSION, type Diagnostics, type RuntimeStatus, type TelemetryStatus } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { RecentLogs } from '../log/index.js';
import { tildeHome } from '../log/recent.js';
import { hostPackageVersion } from '../version.js';

export interface DiagnosticsOptions {
  /** The app's version; default: this package's. */
  readonly version?: string;
  /** The runtime's status now (the supervisor's). */
  readonly runtimeStatus: () => RuntimeStatus;
  /** The OpenCode version last seen ready, for when the runtime is not ready now. */
  readonly opencodeVersion?: () => string | undefined;
  /** The recent, already redacted, log lines. */
  readonly logs: Pick<RecentLogs, 'lines' | 'clean'>;
  readonly dataDir: string;
  /** The user's home folder, shown as `~`. */
  readonly homeDir?: string;
  /** Default: this process's. */
  readonly process?: { readonly version: string; readonly platform: string; readonly arch: string };
  /** Telemetry's state (on or off, its folder, forwarding), when the host runs telemetry. */
  readonly telemetry?: () => TelemetryStatus;
}

/** The most log lines app.diagnostics returns (the contract's maximum). */
export const DIAGNOSTIC_LOG_LINES = 200;

/**
 * app.diagnostics: what a bug report needs. The log lines were redacted when they were
 * stored (RecentLogs); the runtime's status passes through the same cleaning, since its
 * `reason` may quote runtime output.
 */
export function diagnosticsHandlers(options: DiagnosticsOptions): HandlersFor<'app.diagnostics'> {
  const version = options.version ?? hostPackageVersion();
  const proc = options.process ?? process;
  return {
    'app.diagnostics': async (): Promise<Diagnostics> => {
      const status = options.runtimeStatus();
      const opencode = status.version ?? options.opencodeVersion?.();
      const runtime: RuntimeStatus = {
        ...status,
        ...(status.reason === undefined ? {} : { reason: options.logs.clean(status.reason) }),
      };
      return {
        versions: {
          app: version,
          contract: HOST_CONTRACT_VERSION,
          ...(opencode ? { opencode } : {}),
          node: proc.version.replace(/^v/, ''),
          platform: proc.platform,
          arch: proc.arch,
        },
        runtime,
        dataDir: tildeHome(options.dataDir, options.homeDir),
        logs: options.logs.lines(DIAGNOSTIC_LOG_LINES).map((line) => ({ ...line })),
        ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry() }),
      };
    },
  };
}
