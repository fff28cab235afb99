// One retention pass, in one transaction, only while this process holds the daemon lease
// (re-checked with the lease row locked, so a replica that just lost it cannot prune).
//
// Deleted: idle, failed or completed sessions older than the session window with their events,
// unless a job of theirs is pending or running; artifact metadata older than the artifact
// window; audit rows older than the audit window; completed, failed, dead or cancelled jobs
// older than the job window; replay-ledger signatures once their timestamps can no longer be
// accepted (an hour), ledger message ids, decided or expired pairing codes and the acknowledged
// chunks of deleted deliveries with the job window; approvals with their sessions; expired
// dashboard sign-ins.
// Finished tasks (with their event logs) go RETENTION_TASK_HOURS after they finished.
// Preserved: running and blocked sessions, sessions with pending or running jobs, pending and
// running jobs and tasks, and everything younger than its window.
import type { GatewayConfig } from '../config/load.js';
import { AuditType, recordAudit } from './audit.js';
import { toIso, toNumber, type Db, type Queryable } from './db.js';
import { DAEMON_LEASE, holdsLease } from './leases.js';

export interface RetentionCounts {
  readonly sessions: number;
  readonly sessionEvents: number;
  readonly artifacts: number;
  readonly audit: number;
  readonly jobs: number;
  readonly ledger: number;
  readonly pairings: number;
  readonly tasks: number;
  readonly taskEvents: number;
}

export type RetentionResult =
  | { readonly ran: true; readonly cutoffs: Record<'session' | 'artifact' | 'audit' | 'job' | 'task', string>; readonly counts: RetentionCounts }
  | { readonly ran: false; readonly reason: 'not_leader' };

export async function runRetention(db: Db, owner: string, retention: GatewayConfig['retention']): Promise<RetentionResult> {
  return db.transaction(async (tx) => {
    if (!(await holdsLease(tx, DAEMON_LEASE, owner, true))) return { ran: false, reason: 'not_leader' } as const;
    const [cut] = await tx.query(
      `select now() - make_interval(days => $1) as session, now() - make_interval(days => $2) as artifact,
              now() - make_interval(days => $3) as audit, now() - make_interval(days => $4) as job, now() - make_interval(hours => $5) as task`,
      [retention.sessionDays, retention.artifactDays, retention.auditDays, retention.jobDays, retention.taskHours],
    );
    const [sessions] = await tx.query(
      `with doomed as (
         select s.id from gateway_sessions s
         where s.status in ('idle', 'failed', 'completed') and s.updated_at < $1
           and not exists (select 1 from gateway_jobs j where j.session_id = s.id and j.status in ('pending', 'running'))
         for update of s
       ), events as (
         delete from gateway_session_events e using doomed where e.session_id = doomed.id returning 1
       ), approvals as (
         delete from gateway_approvals a using doomed where a.session_id = doomed.id returning 1
       ), gone as (
         delete from gateway_sessions s using doomed where s.id = doomed.id returning 1
       )
       select (select count(*) from events) as events, (select count(*) from gone) as sessions`,
      [cut!['session']],
    );
    const count = async (sql: string, params: unknown[]): Promise<number> => {
      const [row] = await tx.query(`with gone as (${sql} returning 1) select count(*) as n from gone`, params);
      return toNumber(row?.['n']);
    };
    const artifacts = await count('delete from gateway_artifacts where created_at < $1', [cut!['artifact']]);
    const audit = await count('delete from gateway_audit where created_at < $1', [cut!['audit']]);
    const tasks = await pruneTasks(tx, cut!['task']);
    // Tasks have their own window (above).
    const jobs = await count(`delete from gateway_jobs where kind <> 'task' and status in ('completed', 'failed', 'dead', 'cancelled') and coalesce(finished_at, updated_at) < $1`, [cut!['job']]);
    await tx.query('delete from gateway_delivery_acks a where not exists (select 1 from gateway_jobs j where j.id = a.job_id)');
    const pairings = await count(`delete from gateway_pairings where (status <> 'pending' or expires_at < now()) and created_at < $1`, [cut!['job']]);
    await tx.query('delete from gateway_dashboard_sessions where expires_at < now()');
    const ledger = await count(`delete from gateway_webhook_ledger where (kind = 'signature' and received_at < now() - interval '1 hour') or (kind = 'message' and received_at < $1)`, [cut!['job']]);
    const counts: RetentionCounts = { sessions: toNumber(sessions?.['sessions']), sessionEvents: toNumber(sessions?.['events']), artifacts, audit, jobs, ledger, pairings, ...tasks };
    const cutoffs = { session: toIso(cut!['session'])!, artifact: toIso(cut!['artifact'])!, audit: toIso(cut!['audit'])!, job: toIso(cut!['job'])!, task: toIso(cut!['task'])! };
    await recordAudit(tx, { type: AuditType.RetentionPruned, actor: owner, data: { cutoffs, counts } });
    return { ran: true, cutoffs, counts } as const;
  });
}

/**
 * Deletes tasks that finished before `cutoff`, with their jobs and event logs; a pending or
 * running task is never touched. Returns the counts.
 */
export async function pruneTasks(tx: Queryable, cutoff: unknown): Promise<{ readonly tasks: number; readonly taskEvents: number }> {
  const [row] = await tx.query(
    `with doomed as (
       select j.id from gateway_jobs j join gateway_tasks t on t.id = j.id
       where j.kind = 'task' and j.status in ('completed', 'failed', 'dead', 'cancelled') and coalesce(j.finished_at, j.updated_at) < $1
       for update of j
     ), events as (
       delete from gateway_task_events e using doomed where e.task_id = doomed.id returning 1
     ), tasks as (
       delete from gateway_tasks t using doomed where t.id = doomed.id returning 1
     ), jobs as (
       delete from gateway_jobs j using doomed where j.id = doomed.id returning 1
     )
     select (select count(*) from tasks) as tasks, (select count(*) from events) as events, (select count(*) from jobs) as jobs`,
    [cutoff],
  );
  return { tasks: toNumber(row?.['tasks']), taskEvents: toNumber(row?.['events']) };
}
