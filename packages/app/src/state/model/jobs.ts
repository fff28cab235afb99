// Isolated session jobs (docs/jobs.md): the Jobs view's list, its sessions, starting and cancelling.

import type { JobSession, JobStatus } from '@open-cowork/contracts';

export interface JobsData {
  readonly jobs: {
    /** Newest first (jobs.list), with job.finished events folded in as they arrive. */
    readonly list: readonly JobStatus[];
    /** Every jobs session with its workspace (jobs.sessions). */
    readonly sessions: readonly JobSession[];
    readonly load: 'idle' | 'loading' | 'ready' | 'error';
  };
}

export const JOBS_DATA: JobsData = { jobs: { list: [], sessions: [], load: 'idle' } };

export interface JobsActions {
  /** Reloads the jobs and their sessions (jobs.list, jobs.sessions). */
  loadJobs(): Promise<void>;
  /**
   * Re-reads only the jobs (jobs.list), for polling while one runs: jobs.sessions health-checks
   * every session server and counts its messages, too much to ask every couple of seconds.
   */
  refreshJobs(): Promise<void>;
  /** Hands a prompt to a new jobs session, or to `sessionId`'s (jobs.start); resolves with the new job's id. */
  startJob(prompt: string, sessionId?: string): Promise<string>;
  /** Cancels a running job (jobs.cancel) and keeps its final status. */
  cancelJob(jobId: string): Promise<void>;
}
