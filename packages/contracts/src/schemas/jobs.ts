// Isolated session jobs (docs/jobs.md): a job is one prompt to an OpenCode server running in a
// sandbox of its own (a jobs session, not a chat session of a workspace). Ids are checked by the
// host again; the patterns here only refuse the obviously wrong early.

import type { JsonSchema } from '../contract.js';
import { integer, number, object, oneOfStrings, ref, string } from './build.js';

export const JOB_STATES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export const JOB_EXIT_REASONS = ['completed', 'model-error', 'cancelled', 'timeout', 'idle-timeout', 'output-limit', 'server-start-failed', 'server-lost', 'owner-lost'] as const;

export const JOB_DEFS = {
  JobId: string('A job id as jobs.start returned it: job-<time>-<12 hex>.', { pattern: '^job-[a-z0-9]{8,12}-[a-f0-9]{12}$' }),
  JobSessionId: string('A jobs session: 1-64 of a-z, 0-9, "_" and "-", starting with a letter or digit.', { pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' }),
  JobState: oneOfStrings(JOB_STATES, 'pending (the server is starting), running, or ended: completed, failed, cancelled.'),
  JobExitReason: oneOfStrings(
    JOB_EXIT_REASONS,
    'Why a job ended: completed; model-error (the model or OpenCode failed the answer); cancelled; timeout (the per-job limit); idle-timeout (no output and no CPU for the idle limit); output-limit (the output cap was reached); server-start-failed; server-lost (the session server died); owner-lost (the owning process died before the prompt was sent).',
  ),
  JobResourceLimits: object(
    "A session sandbox's memory, CPU and process limits (0 = none), and how they are enforced.",
    {
      memoryBytes: integer('Memory of the whole sandbox, bytes.', { minimum: 0 }),
      cpuCores: number('CPU share, in cores.', { minimum: 0 }),
      maxProcesses: integer('Processes and threads alive at once.', { minimum: 0 }),
      enforcement: oneOfStrings(['cgroup-v2', 'cgroup-v1', 'none'], 'cgroup-v2 or cgroup-v1: a control group of its own enforces them; none: not enforced here (see reason).'),
      reason: string('Why they are not enforced, when they are not.'),
    },
    ['memoryBytes', 'cpuCores', 'maxProcesses', 'enforcement'],
  ),
  JobStatus: object(
    'Where a job stands.',
    {
      jobId: ref('JobId', 'The job.'),
      sessionId: ref('JobSessionId', 'Its session.'),
      status: ref('JobState', 'The state now.'),
      elapsedSeconds: integer('Seconds from start to now, or to its end.', { minimum: 0 }),
      startedAt: integer('When it started, in milliseconds since 1970.', { minimum: 0 }),
      outputSize: integer('Bytes of output so far.', { minimum: 0 }),
      tailOutput: string('The last ~500 characters of the output.'),
      lastOutputSecondsAgo: integer('Seconds since the last output; absent before the first.', { minimum: 0 }),
      activityState: oneOfStrings(['active', 'processing', 'idle'], 'active: output is arriving; processing: no output but the server uses CPU; idle.'),
      metrics: object(
        'Resource use of the session server while the job runs (Linux).',
        { cpuSeconds: number('CPU seconds of the server\'s processes.', { minimum: 0 }), memoryMb: number('Resident MB of the server\'s processes.', { minimum: 0 }) },
        ['cpuSeconds', 'memoryMb'],
      ),
      resourceLimits: ref('JobResourceLimits', "Its session sandbox's limits, while the job runs."),
      exitReason: ref('JobExitReason', 'Why it ended, once it has.'),
      error: string('What went wrong, for people.'),
    },
    ['jobId', 'sessionId', 'status', 'elapsedSeconds', 'outputSize', 'tailOutput', 'activityState'],
  ),
  JobSession: object(
    'A jobs session.',
    {
      sessionId: ref('JobSessionId', 'The session.'),
      ageSeconds: integer('Seconds since it was created.', { minimum: 0 }),
      lastActivitySecondsAgo: integer('Seconds since its last job started or produced output.', { minimum: 0 }),
      messageCount: integer('Messages in its OpenCode conversation, when its server answers.', { minimum: 0 }),
      serverHealth: oneOfStrings(['healthy', 'unhealthy', 'stopped'], 'Its server: answering, running but not answering, or not running.'),
      activeJob: object(
        'The job it runs now.',
        { jobId: ref('JobId', 'The job.'), status: ref('JobState', 'Its state.'), elapsedSeconds: integer('Seconds since it started.', { minimum: 0 }) },
        ['jobId', 'status', 'elapsedSeconds'],
      ),
      jobCount: integer('Jobs it has run.', { minimum: 0 }),
      workspace: string('Its workspace folder on the host.'),
      resourceLimits: ref('JobResourceLimits', "Its running server's sandbox limits."),
    },
    ['sessionId', 'ageSeconds', 'lastActivitySecondsAgo', 'serverHealth', 'jobCount', 'workspace'],
  ),
} as const satisfies Record<string, JsonSchema>;
