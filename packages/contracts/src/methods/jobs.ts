import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, boolean, integer, noParams, object, ref, string, text } from '../schemas/build.js';

const JOB_ERRORS = [HostErrorCode.NotFound, HostErrorCode.JobsUnavailable] as const;

const jobRef = (description: string) =>
  object(description, { jobId: ref('JobId', 'The job.'), sessionId: ref('JobSessionId', 'Its session; when given, it must be the job\'s.') }, ['jobId']);

export const JOB_METHODS = {
  'jobs.start': {
    description: 'Hands a prompt to OpenCode in an isolated session (its own sandboxed server and workspace) and answers at once. A job.finished event follows when it ends.',
    params: object(
      'The job.',
      {
        prompt: text('The task for OpenCode.', { maxLength: 1_000_000 }),
        sessionId: ref('JobSessionId', 'A session to continue (its server and conversation are reused); absent: a new session.'),
        requester: text('Who asked (a chat session id, a gateway chat), echoed in job.finished.', { maxLength: 256 }),
      },
      ['prompt'],
    ),
    result: object(
      'Started.',
      { jobId: ref('JobId', 'The new job.'), sessionId: ref('JobSessionId', 'Its session.'), status: string('Always "running".', { const: 'running' }) },
      ['jobId', 'sessionId', 'status'],
    ),
    errors: [HostErrorCode.Conflict, HostErrorCode.JobsUnavailable],
  },
  'jobs.status': {
    description: 'Where a job stands: state, elapsed time, output size and tail, activity, resource use and, once ended, why.',
    params: jobRef('The job.'),
    result: ref('JobStatus', 'The status now.'),
    errors: JOB_ERRORS,
  },
  'jobs.output': {
    description: 'A page of a job\'s output by byte offset (also while it runs); continue from nextOffset while hasMore. A page never splits a character.',
    params: object(
      'The job and the page.',
      {
        jobId: ref('JobId', 'The job.'),
        sessionId: ref('JobSessionId', 'Its session; when given, it must be the job\'s.'),
        offset: integer('Byte offset to read from. Default 0.', { minimum: 0 }),
        limit: integer('Most bytes to return. Default 65536.', { minimum: 1, maximum: 1_048_576 }),
      },
      ['jobId'],
    ),
    result: object(
      'The page.',
      {
        jobId: ref('JobId', 'The job.'),
        offset: integer('Where the page starts.', { minimum: 0 }),
        nextOffset: integer('Where the next page starts.', { minimum: 0 }),
        totalSize: integer('Bytes of output so far.', { minimum: 0 }),
        content: string('The page\'s text.'),
        hasMore: boolean('More output follows (past the page, or the job still runs).'),
      },
      ['jobId', 'offset', 'nextOffset', 'totalSize', 'content', 'hasMore'],
    ),
    errors: JOB_ERRORS,
  },
  'jobs.cancel': {
    description: 'Aborts a running job through OpenCode, then stops its session\'s sandbox. Harmless on an ended job.',
    params: jobRef('The job.'),
    result: ref('JobStatus', 'The final status.'),
    errors: JOB_ERRORS,
  },
  'jobs.cleanup': {
    description: 'Removes sessions idle at least idleSeconds (default: the configured session idle limit) and stops their servers; their workspaces only when deleteWorkspaces.',
    params: object(
      'What to remove.',
      {
        deleteWorkspaces: boolean('Also delete the sessions\' workspaces. Default false.'),
        idleSeconds: integer('Sessions idle at least this long are removed.', { minimum: 0 }),
      },
    ),
    result: object(
      'What was removed.',
      {
        removedSessions: array('Sessions removed.', ref('JobSessionId', 'One session.')),
        deletedWorkspaces: array('Sessions whose workspace was deleted.', ref('JobSessionId', 'One session.')),
        stoppedServers: array('Sessions whose running server was stopped.', ref('JobSessionId', 'One session.')),
      },
      ['removedSessions', 'deletedWorkspaces', 'stoppedServers'],
    ),
    errors: [HostErrorCode.JobsUnavailable],
  },
  'jobs.list': {
    description: 'Jobs newest first (running and ended, as long as their session is kept), each with its status.',
    params: object('Which jobs.', {
      sessionId: ref('JobSessionId', 'Only this session\'s jobs.'),
      limit: integer('At most this many. Default 50.', { minimum: 1, maximum: 200 }),
    }),
    result: object('The jobs.', { jobs: array('Newest first.', ref('JobStatus', 'One job.')) }, ['jobs']),
    errors: [HostErrorCode.JobsUnavailable],
  },
  'jobs.sessions': {
    description: 'Every jobs session: age, last activity, message count, server health, active job and workspace.',
    params: noParams(),
    result: object('The sessions.', { sessions: array('Every session.', ref('JobSession', 'One session.')) }, ['sessions']),
    errors: [HostErrorCode.JobsUnavailable],
  },
} as const satisfies Record<string, MethodSpec>;
