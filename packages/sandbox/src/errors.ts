import { CodedError } from '@open-cowork/contracts';

/** Stable codes for what can go wrong while choosing or preparing a boundary. */
export const SandboxErrorCode = {
  /** The backend asked for cannot run on this machine (the message says why). */
  Unavailable: 'SANDBOX_UNAVAILABLE',
  /** A `--sandbox` value or option that is not one of the known choices. */
  BadChoice: 'SANDBOX_BAD_CHOICE',
  /** A `HOST:NAME[:ro|rw]` mount that is malformed or outside the allowlist. */
  MountRefused: 'SANDBOX_MOUNT_REFUSED',
  /** The mount allowlist file exists but cannot be used. */
  AllowlistInvalid: 'SANDBOX_ALLOWLIST_INVALID',
  /** A spec that no backend could honour (a relative path, a cwd nothing makes visible). */
  BadSpec: 'SANDBOX_BAD_SPEC',
} as const;

export type SandboxErrorCode = (typeof SandboxErrorCode)[keyof typeof SandboxErrorCode];

export class SandboxError extends CodedError<SandboxErrorCode, { file?: string; backend?: string }> {
  override name = 'SandboxError';
}
