// The limits a jobs service enforces, with their defaults. All in milliseconds or bytes.

export interface JobLimits {
  /** A job running longer than this is aborted and fails with `timeout`. Default 30 min. */
  readonly jobTimeoutMs: number;
  /** Output beyond this many bytes is not kept; the job is aborted with `output-limit`. Default 10 MiB. */
  readonly maxOutputBytes: number;
  /** No output and no CPU use for this long aborts the job with `idle-timeout`. Default 5 min. */
  readonly idleTimeoutMs: number;
  /** A session server that is not healthy within this fails the job with `server-start-failed`. Default 60 s. */
  readonly serverReadyTimeoutMs: number;
  /** `cleanup` removes sessions idle for longer than this. Default 1 h. */
  readonly sessionIdleMs: number;
  /** How often a running job is checked (completion, limits, liveness). Default 500 ms. */
  readonly checkIntervalMs: number;
  /** Memory of a session's whole sandbox, bytes (cgroup; 0 = none). Default 2 GiB. */
  readonly memoryBytes: number;
  /** CPU share of a session's sandbox, in cores (cgroup; 0 = none). Default 1. */
  readonly cpuCores: number;
  /** Processes and threads alive at once in a session's sandbox (cgroup; 0 = none). Default 512. */
  readonly maxProcesses: number;
}

export const DEFAULT_LIMITS: JobLimits = {
  jobTimeoutMs: 30 * 60_000,
  maxOutputBytes: 10 * 1024 * 1024,
  idleTimeoutMs: 5 * 60_000,
  serverReadyTimeoutMs: 60_000,
  sessionIdleMs: 60 * 60_000,
  checkIntervalMs: 500,
  memoryBytes: 2 * 1024 * 1024 * 1024,
  cpuCores: 1,
  maxProcesses: 512,
};

/** Output within this window makes a job `active`. */
export const ACTIVE_WINDOW_MS = 5_000;
/**
 * CPU share of one core between two checks above which a quiet server counts as `processing`.
 * An idle OpenCode server wakes for timers now and then; this keeps those wakes from hiding a
 * stuck job from the idle timeout.
 */
export const PROCESSING_CPU_SHARE = 0.05;
