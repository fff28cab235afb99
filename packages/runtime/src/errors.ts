import { CodedError } from '@open-cowork/contracts';

/** Stable codes for what can go wrong while starting, watching and stopping the runtime. */
export const RuntimeErrorCode = {
  BinaryMissing: 'RUNTIME_BINARY_MISSING',
  VersionMismatch: 'RUNTIME_VERSION_MISMATCH',
  /** A sidecar binary or manifest failed its checks (hash, URL, format); a bad file is deleted. */
  SidecarRefused: 'RUNTIME_SIDECAR_REFUSED',
  /** The sidecar manifest or binary could not be fetched. */
  SidecarUnavailable: 'RUNTIME_SIDECAR_UNAVAILABLE',
  StartTimeout: 'RUNTIME_START_TIMEOUT',
  StartAborted: 'RUNTIME_START_ABORTED',
  ExitedDuringStart: 'RUNTIME_EXITED_DURING_START',
  RestartLimit: 'RUNTIME_RESTART_LIMIT',
  NotReady: 'RUNTIME_NOT_READY',
  Stopped: 'RUNTIME_STOPPED',
} as const;

export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

export class RuntimeStartError extends CodedError<RuntimeErrorCode, { output?: string; exitCode?: number | null; signal?: string | null }> {
  override name = 'RuntimeStartError';
}
