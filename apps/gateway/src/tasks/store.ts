// Tasks for runners: a job of kind `task` in the gateway's queue (status, lease, attempts,
// order, reclaim) plus a row of its own in gateway_tasks (workspace, submitter, callback,
// acknowledgement). Reading a task never changes it; a result stays until retention removes the
// finished task, RETENTION_TASK_HOURS after it finished.
import { createHash } from 'node:crypto';
import { FINISHED_TASK_STATUSES, type TaskCallback, type TaskKind, type TaskResult, type TaskStats, type TaskStatus, type TaskView } from '@open-cowork/contracts';
import { cancelJob, enqueueJob, jobRow, type Job } from '../queue/jobs.js';
import { toIso, toJson, toNumber, type Queryable } from '../store/db.js';
import { queryTaskEvents, recordTaskEvent } from './events.js';

export interface NewTask {
  /** A deterministic id makes creating the task idempotent (a chat's prompt job derives one). */
  readonly id?: string;
  readonly kind: TaskKind;
  readonly workspace: string;
  readonly prompt?: string;
  readonly command?: string;
  readonly sessionKey?: string;
  readonly timeoutMs: number;
  readonly callback?: TaskCallback;
  /** The submitting credential's id, or `admin`. */
  readonly submitter: string;
  readonly maxAttempts: number;
}

/** The job's queue key: one submitter's tasks of one session key in one workspace run in order. */
export function taskQueueKey(submitter: string, workspace: string, sessionKey: string): string {
  return `task:${JSON.stringify([submitter, workspace, sessionKey])}`;
}

/** What a runner sees of the session: opaque, stable, and different for every submitter. */
export function runnerSessionOf(queueKey: string | null): string | null {
  return queueKey === null ? null : createHash('sha256').update(queueKey).digest('hex').slice(0, 32);
}

export async function createTask(q: Queryable, task: NewTask, actor: string): Promise<string> {
  const payload = task.kind === 'prompt' ? { prompt: task.prompt } : { command: task.command };
  const { id } = await enqueueJob(q, {
    ...(task.id === undefined ? {} : { id: task.id }),
    kind: 'task',
    payload,
    maxAttempts: task.maxAttempts,
    ...(task.sessionKey === undefined ? {} : { queueKey: taskQueueKey(task.submitter, task.workspace, task.sessionKey) }),
  });
  await q.query(
    `insert into gateway_tasks (id, kind, workspace, session_key, submitter, timeout_ms, callback) values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, task.kind, task.workspace, task.sessionKey ?? null, task.submitter, task.timeoutMs, task.callback === undefined ? null : JSON.stringify(task.callback)],
  );
  await recordTaskEvent(q, id, 'task.created', actor, { kind: task.kind, workspace: task.workspace, ...(task.sessionKey === undefined ? {} : { sessionKey: task.sessionKey }), timeoutMs: task.timeoutMs, callback: task.callback === undefined ? 'none' : 'url' in task.callback ? 'url' : 'chat' });
  return id;
}

/** A task's own columns together with its job. */
export interface TaskRecord {
  readonly job: Job;
  readonly kind: TaskKind;
  readonly workspace: string;
  readonly sessionKey: string | null;
  readonly submitter: string;
  readonly timeoutMs: number;
  readonly callback: TaskCallback | null;
  readonly runner: string | null;
  readonly ackedAt: string | null;
}

export function taskRecordRow(row: Record<string, unknown>): TaskRecord {
  return {
    job: jobRow(row),
    kind: row['task_kind'] as TaskKind,
    workspace: String(row['workspace']),
    sessionKey: (row['session_key'] as string | null) ?? null,
    submitter: String(row['submitter']),
    timeoutMs: toNumber(row['timeout_ms']),
    callback: (toJson(row['callback']) ?? null) as TaskCallback | null,
    runner: (row['runner'] as string | null) ?? null,
    ackedAt: toIso(row['acked_at']) ?? null,
  };
}

/** The select that gives taskRecordRow its columns (the job's, then the task's). */
export const TASK_SELECT = `select j.*, t.kind as task_kind, t.workspace, t.session_key, t.submitter, t.timeout_ms, t.callback, t.runner, t.acked_at
  from gateway_jobs j join gateway_tasks t on t.id = j.id`;

export async function getTaskRecord(q: Queryable, id: string, forUpdate = false): Promise<TaskRecord | undefined> {
  const rows = await q.query(`${TASK_SELECT} where j.id = $1${forUpdate ? ' for update of j' : ''}`, [id]);
  return rows[0] === undefined ? undefined : taskRecordRow(rows[0]);
}

export const isFinished = (status: string): boolean => (FINISHED_TASK_STATUSES as readonly string[]).includes(status);

/** Runner names by credential id, for views. */
async function runnerName(q: Queryable, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const [row] = await q.query('select name from gateway_credentials where id = $1', [id]);
  return row === undefined ? id : String(row['name']);
}

export async function taskView(q: Queryable, record: TaskRecord, options: { readonly events: boolean; readonly afterSeq?: number } = { events: true }): Promise<TaskView> {
  const { job } = record;
  const events = options.events ? await queryTaskEvents(q, { taskId: job.id, afterSeq: options.afterSeq ?? 0, limit: 1000 }) : [];
  return {
    id: job.id,
    kind: record.kind,
    workspace: record.workspace,
    sessionKey: record.sessionKey,
    status: job.status as TaskStatus,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    timeoutMs: record.timeoutMs,
    runner: await runnerName(q, record.runner),
    result: isFinished(job.status) ? ((job.result ?? null) as TaskResult | null) : null,
    error: job.lastError,
    acknowledged: record.ackedAt !== null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    events,
  };
}

export type AckOutcome = { readonly ok: true; readonly first: boolean } | { readonly ok: false; readonly status: string | 'missing' };

/** Marks a finished task's result consumed (once: a repeated ack changes nothing). */
export async function ackTask(q: Queryable, id: string, actor: string): Promise<AckOutcome> {
  const record = await getTaskRecord(q, id, true);
  if (record === undefined) return { ok: false, status: 'missing' };
  if (!isFinished(record.job.status)) return { ok: false, status: record.job.status };
  if (record.ackedAt !== null) return { ok: true, first: false };
  await q.query('update gateway_tasks set acked_at = now() where id = $1', [id]);
  await recordTaskEvent(q, id, 'task.reconciled', actor, { status: record.job.status });
  return { ok: true, first: true };
}

/** Cancels a pending or running task (a runner holding it is told at its next heartbeat); undefined when it had already finished. */
export async function cancelTask(q: Queryable, id: string, actor: string): Promise<Job | undefined> {
  const cancelled = await cancelJob(q, id);
  if (cancelled === undefined) return undefined;
  await recordTaskEvent(q, id, 'task.cancelled', actor, { attempts: cancelled.attempts });
  return cancelled;
}

export async function taskStats(q: Queryable, submitter?: string): Promise<TaskStats> {
  const rows = await q.query<{ status: string; n: unknown }>(
    `select j.status, count(*) as n from gateway_jobs j join gateway_tasks t on t.id = j.id where ($1::text is null or t.submitter = $1) group by j.status`,
    [submitter ?? null],
  );
  const [row] = await q.query(
    `select count(*) filter (where j.status in ('completed', 'failed', 'dead', 'cancelled') and t.acked_at is null) as unacknowledged,
            extract(epoch from now() - min(j.created_at) filter (where j.status = 'pending')) as oldest_pending
     from gateway_jobs j join gateway_tasks t on t.id = j.id where ($1::text is null or t.submitter = $1)`,
    [submitter ?? null],
  );
  const oldest = row?.['oldest_pending'];
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, toNumber(r.n)])),
    unacknowledged: toNumber(row?.['unacknowledged']),
    oldestPendingSeconds: oldest === null || oldest === undefined ? null : Math.round(toNumber(oldest)),
  };
}

/** Whether an active runner was registered for `workspace`. */
export async function workspaceHasRunner(q: Queryable, workspace: string): Promise<boolean> {
  const rows = await q.query(`select 1 from gateway_credentials where kind = 'runner' and status = 'active' and workspaces @> jsonb_build_array($1::text) limit 1`, [workspace]);
  return rows.length > 0;
}
