// The records the jobs service keeps, and the views it answers with.

import type { JobExitReason, JobState } from '@open-cowork/contracts';
import type { LimitEnforcement, ResourceLimits } from './cgroup.js';

export type { JobState };
/** Why a job ended (the host contract's words). */
export type ExitReason = JobExitReason;
export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export type Activity = 'active' | 'processing' | 'idle';

export interface JobRecord {
  readonly id: string;
  readonly sessionId: string;
  state: JobState;
  readonly createdAt: number;
  /** Length of the prompt in characters (the prompt itself lives in OpenCode's session). */
  readonly promptChars: number;
  /** Who asked (a host session, a gateway chat): where the completion notification goes. */
  readonly requester?: string;
  /** Messages in the OpenCode session before this job's prompt: its answer is what follows. */
  messagesBefore?: number;
  outputBytes: number;
  lastOutputAt?: number;
  finishedAt?: number;
  exitReason?: ExitReason;
  error?: string;
}

export interface ServerRecord {
  readonly pid: number;
  readonly url: string;
  readonly startedAt: number;
  /** Networking off: the unix socket inside the session's folder that the host reaches it through. */
  readonly socket?: string;
  /** The limits its sandbox was started with, and how they are enforced. */
  readonly limits?: SessionLimits;
}

/** A session sandbox's memory, CPU and process limits, as started (cgroup.ts). */
export interface SessionLimits extends ResourceLimits {
  readonly enforcement: LimitEnforcement;
  /** Why the limits are not enforced, when they are not. */
  readonly reason?: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  lastActivityAt: number;
  /** The OpenCode session that later jobs continue. */
  opencodeSessionId?: string;
  server?: ServerRecord;
  activeJobId?: string;
  jobCount: number;
}

/** A completion notification waiting for delivery (the outbox). */
export interface Notification {
  /** Deterministic: `<job id>:<state>`, so a receiver can drop a repeat. */
  readonly id: string;
  readonly jobId: string;
  readonly sessionId: string;
  readonly state: JobState;
  readonly exitReason?: ExitReason;
  readonly requester?: string;
  readonly elapsedSeconds: number;
  readonly outputBytes: number;
  readonly error?: string;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt?: number;
  lastError?: string;
}

export interface JobsState {
  version: 1;
  sessions: Record<string, SessionRecord>;
  jobs: Record<string, JobRecord>;
  outbox: Record<string, Notification>;
}

export interface JobStatus {
  readonly jobId: string;
  readonly sessionId: string;
  readonly status: JobState;
  readonly elapsedSeconds: number;
  /** Milliseconds since 1970. */
  readonly startedAt: number;
  readonly outputSize: number;
  readonly tailOutput: string;
  /** Undefined before the first output. */
  readonly lastOutputSecondsAgo?: number;
  readonly activityState: Activity;
  /** CPU time and resident memory of the session's server (Linux), while it runs. */
  readonly metrics?: { readonly cpuSeconds: number; readonly memoryMb: number };
  /** Its session sandbox's limits, while it runs. */
  readonly resourceLimits?: SessionLimits;
  readonly exitReason?: ExitReason;
  readonly error?: string;
}

export interface OutputPage {
  readonly jobId: string;
  readonly offset: number;
  readonly nextOffset: number;
  readonly totalSize: number;
  readonly content: string;
  readonly hasMore: boolean;
}

export interface SessionView {
  readonly sessionId: string;
  readonly ageSeconds: number;
  readonly lastActivitySecondsAgo: number;
  readonly messageCount?: number;
  readonly serverHealth: 'healthy' | 'unhealthy' | 'stopped';
  readonly activeJob?: { readonly jobId: string; readonly status: JobState; readonly elapsedSeconds: number };
  readonly jobCount: number;
  readonly workspace: string;
  /** Its running server's memory, CPU and process limits, and whether they are enforced. */
  readonly resourceLimits?: SessionLimits;
}

export interface CleanupReport {
  readonly removedSessions: readonly string[];
  readonly deletedWorkspaces: readonly string[];
  readonly stoppedServers: readonly string[];
}
