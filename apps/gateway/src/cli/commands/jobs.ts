// `jobs list|show|retry|cancel`: the durable queue, for operators.
import { GatewayError, GatewayErrorCode } from '../../errors.js';
import { AuditType, recordAudit } from '../../store/audit.js';
import { listEvents } from '../../store/sessions.js';
import { cancelJob, getJob, JOB_KINDS, JOB_STATUSES, listJobs, retryJob, type Job, type JobKind, type JobStatus } from '../../queue/jobs.js';
import { ExitCode, parseCommand, printJson, str, UsageError, type CliIo } from '../io.js';
import { withStore } from '../store-access.js';

const HELP = 'open-cowork-gateway jobs --help';
export const JOBS_USAGE = `Usage: open-cowork-gateway jobs <list|show|retry|cancel> [options]

  list   [--status ${JOB_STATUSES.join('|')}] [--kind ${JOB_KINDS.join('|')}] [--limit N] [--json]
  show   JOB_ID [--json]     the job, its lastError, and its session events
  retry  JOB_ID [--json]     a dead, failed or cancelled job runs again from attempt 1
  cancel JOB_ID [--json]     a pending or running job is cancelled (a running one stops at its next heartbeat)

Exit status: 0 done, 1 failed (unknown job, wrong state), 2 usage error.
`;

/** A job without its payload and result (they carry message text) or its lease token. */
function queueView(job: Job): Record<string, unknown> {
  const hidden = new Set(['payload', 'result', 'leaseToken']);
  return Object.fromEntries(Object.entries(job).filter(([key]) => !hidden.has(key)));
}

function summary(job: Job): string {
  return `${job.id}\t${job.kind}\t${job.status}\tattempts ${job.attempts}/${job.maxAttempts}\t${job.createdAt}${job.lastError ? `\t${job.lastError}` : ''}\n`;
}

export async function runJobsCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(JOBS_USAGE);
    return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const parsed = parseCommand(rest, { status: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, HELP, sub === 'list' ? 0 : 1);
  if (parsed.values['help'] === true) {
    io.stdout(JOBS_USAGE);
    return ExitCode.Ok;
  }
  const json = parsed.values['json'] === true;
  const id = (): string => {
    const value = parsed.positionals[0];
    if (value === undefined) throw new UsageError(`jobs ${sub} needs a job id.`, HELP);
    return value;
  };
  switch (sub) {
    case 'list': {
      const status = str(parsed.values, 'status');
      const kind = str(parsed.values, 'kind');
      const limitText = str(parsed.values, 'limit') ?? '50';
      if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')}.`, HELP);
      if (kind !== undefined && !(JOB_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${JOB_KINDS.join(', ')}.`, HELP);
      if (!/^\d{1,5}$/.test(limitText) || Number(limitText) < 1) throw new UsageError('--limit must be a whole number from 1 to 99999.', HELP);
      const jobs = await withStore(io, (db) => listJobs(db, { ...(status ? { status: status as JobStatus } : {}), ...(kind ? { kind: kind as JobKind } : {}), limit: Number(limitText) }));
      const shown = jobs.map(queueView);
      if (json) printJson(io, { jobs: shown });
      else if (jobs.length === 0) io.stdout('No jobs.\n');
      else for (const job of jobs) io.stdout(summary(job));
      return ExitCode.Ok;
    }
    case 'show': {
      const jobId = id();
      const { job, events } = await withStore(io, async (db) => {
        const job = await getJob(db, jobId);
        if (job === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `No job ${jobId}.`);
        const events = job.sessionId === null ? [] : await listEvents(db, job.sessionId, { jobId });
        return { job: { ...job, leaseToken: job.leaseToken === null ? null : '(held)' }, events };
      });
      if (json) printJson(io, { job, events });
      else {
        io.stdout(summary(job as Job));
        for (const event of events) io.stdout(`  #${event.seq} ${event.createdAt} ${event.type} ${JSON.stringify(event.data)}\n`);
      }
      return ExitCode.Ok;
    }
    case 'retry':
    case 'cancel': {
      const jobId = id();
      const job = await withStore(io, (db) =>
        db.transaction(async (tx) => {
          const changed = sub === 'retry' ? await retryJob(tx, jobId) : await cancelJob(tx, jobId);
          if (changed === undefined) {
            const current = await getJob(tx, jobId);
            if (current === undefined) throw new GatewayError(GatewayErrorCode.NotFound, `No job ${jobId}.`);
            throw new GatewayError(GatewayErrorCode.JobState, `Job ${jobId} is ${current.status}; ${sub === 'retry' ? 'only dead, failed or cancelled jobs can be retried' : 'only pending or running jobs can be cancelled'}.`);
          }
          await recordAudit(tx, { type: sub === 'retry' ? AuditType.JobRetried : AuditType.JobCancelled, actor: 'cli', subject: jobId, data: { kind: changed.kind } });
          return changed;
        }),
      );
      if (json) printJson(io, { job: { id: job.id, kind: job.kind, status: job.status } });
      else io.stdout(`Job ${job.id} is now ${job.status}.\n`);
      return ExitCode.Ok;
    }
    default:
      throw new UsageError(`Unknown jobs command "${sub}".`, HELP);
  }
}
