// workflow, watch and team_task jobs have a durable shape but no engine in the standalone
// gateway yet: they are claimed and failed, loudly, never completed silently.
import { AuditType, recordAudit } from '../store/audit.js';
import { failJob, type Job } from '../queue/jobs.js';
import type { GatewayContext, JobLease } from './context.js';
import { LeaseLost } from './prompt.js';

export function unsupportedReason(kind: string): string {
  return `Jobs of kind "${kind}" have no execution engine in the standalone gateway yet; it runs prompt jobs only. The job was not run.`;
}

export async function runUnsupportedJob(ctx: GatewayContext, job: Job, lease: JobLease): Promise<void> {
  const reason = unsupportedReason(job.kind);
  await ctx.db.transaction(async (tx) => {
    const failed = await failJob(tx, job.id, lease.token, reason, { retryable: false, backoffMs: 0 });
    if (failed.status === null) throw new LeaseLost('The job lost its lease.');
    await recordAudit(tx, { type: AuditType.JobUnsupported, subject: job.id, data: { kind: job.kind } });
  });
  ctx.metrics.jobsFinished.inc({ kind: job.kind, status: 'failed' });
}
