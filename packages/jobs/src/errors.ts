import { CodedError } from '@open-cowork/contracts';

/** Stable codes for what the jobs service refuses or fails with. */
export const JobsErrorCode = {
  /** A session or job id that does not match its pattern, or a path that would leave the jobs root. */
  BadId: 'JOBS_BAD_ID',
  /** A parameter of the right name but the wrong shape (an empty prompt, a negative offset). */
  BadInput: 'JOBS_BAD_INPUT',
  NotFound: 'JOBS_NOT_FOUND',
  /** The session already runs a job; one job at a time per session. */
  SessionBusy: 'JOBS_SESSION_BUSY',
  /** Another live process owns this jobs root. */
  Locked: 'JOBS_LOCKED',
  /** The sandbox backend cannot run session servers (none, or one not supported for jobs). */
  SandboxUnsupported: 'JOBS_SANDBOX_UNSUPPORTED',
  /** The stored state cannot be read. */
  StateInvalid: 'JOBS_STATE_INVALID',
} as const;

export type JobsErrorCode = (typeof JobsErrorCode)[keyof typeof JobsErrorCode];

export class JobsError extends CodedError<JobsErrorCode> {
  override name = 'JobsError';
}
