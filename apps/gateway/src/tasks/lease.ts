// The runner side of a task: claim with a lease, heartbeat, progress, result, release. Every
// step after the claim needs the claim token of the current attempt, presented by the runner
// that claimed it; the store keeps only the token's SHA-256, compared in constant time. A
// result is taken once: a late one (the attempt was requeued, cancelled or finished) or a
// second one is refused, recorded as task.result_refused and audited.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RunnerAssignment, RunnerEvent, RunnerResult, TaskKind } from '@open-cowork/contracts';
import { AuditType, recordAudit } from '../store/audit.js';
import { toIso, type Db, type Queryable } from '../store/db.js';
import type { Job } from '../queue/jobs.js';
import { dispatchCallback, type CallbackContext } from './callbacks.js';
import { actorOf, type RunnerPrincipal } from './credentials.js';
import { recordTaskEvent } from './events.js';
import { getTaskRecord, runnerSessionOf, TASK_SELECT, taskRecordRow, type TaskRecord } from './store.js';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

function sameHash(stored: string | null, presented: string): boolean {
  if (stored === null) return false;
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(hashOf(presented), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const CLAIM = `
with next as (
  select j.id from gateway_jobs j join gateway_tasks t on t.id = j.id
  where j.kind = 'task' and j.status = 'pending' and j.run_after <= now()
    and t.workspace = any($3::text[]) and t.kind = any($4::text[])
    and (j.queue_key is null or not exists (
      select 1 from gateway_jobs e where e.queue_key = j.queue_key and e.status in ('pending', 'running') and e.seq < j.seq))
    -- Session affinity: the session lives on the host of the runner that ran its last task; while
    -- that runner is connected, the next task of the session waits for it.
    and (j.queue_key is null or coalesce((
      select p.runner from gateway_jobs pj join gateway_tasks p on p.id = pj.id join gateway_credentials c on c.id = p.runner
      where pj.queue_key = j.queue_key and pj.seq < j.seq and c.status = 'active' and c.last_used_at > now() - make_interval(secs => $6)
      order by pj.seq desc limit 1), $2) = $2)
  order by j.seq
  limit 1
  for update of j skip locked
)
update gateway_jobs j
   set status = 'running', attempts = j.attempts + 1, lease_token = $1, lease_owner = $2,
       lease_expires_at = now() + make_interval(secs => $5), started_at = coalesce(j.started_at, now()), last_error = null, updated_at = now()
  from next where j.id = next.id
returning j.id`;

/**
 * How long a session's next task waits for the runner that ran its last one (which holds the
 * session on its host): while that runner was seen within this window. Runners poll at least
 * every 30 s and are marked seen at most once a minute.
 */
export const AFFINITY_SECONDS = 120;

/** Claims the oldest runnable task of `workspaces` and `kinds` for `runner`, or undefined. */
export async function claimTask(db: Db, runner: RunnerPrincipal, workspaces: readonly string[], kinds: readonly TaskKind[], leaseSeconds: number): Promise<RunnerAssignment | undefined> {
  const claimToken = randomBytes(32).toString('base64url');
  try {
    return await db.transaction(async (tx) => {
      const [claimed] = await tx.query(CLAIM, [hashOf(claimToken), runner.id, [...workspaces], [...kinds], leaseSeconds, AFFINITY_SECONDS]);
      if (claimed === undefined) return undefined;
      const id = String(claimed['id']);
      await tx.query('update gateway_tasks set runner = $2 where id = $1', [id, runner.id]);
      const record = (await getTaskRecord(tx, id))!;
      await recordTaskEvent(tx, id, 'task.claimed', actorOf(runner), { attempt: record.job.attempts, leaseSeconds, runnerId: runner.id });
      const payload = record.job.payload as { prompt?: string; command?: string };
      return {
        task: {
          id,
          kind: record.kind,
          workspace: record.workspace,
          ...(payload.prompt === undefined ? {} : { prompt: payload.prompt }),
          ...(payload.command === undefined ? {} : { command: payload.command }),
          session: runnerSessionOf(record.job.queueKey),
          timeoutMs: record.timeoutMs,
        },
        lease: { claimToken, expiresAt: record.job.leaseExpiresAt!, leaseSeconds, attempt: record.job.attempts },
      };
    });
  } catch (error) {
    // Another runner started the head task of this session key between our snapshot and update.
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
}

/** Why a claim token no longer holds a task. */
export type LostReason = 'unknown_task' | 'not_your_task' | 'wrong_token' | 'requeued' | 'cancelled' | 'finished' | 'already_reported';

type Hold = { readonly held: true; readonly record: TaskRecord } | { readonly held: false; readonly reason: LostReason; readonly record?: TaskRecord };

/** Locks the task's row and checks that `runner` holds it with `claimToken`. */
async function hold(tx: Queryable, id: string, runner: RunnerPrincipal, claimToken: string): Promise<Hold> {
  const rows = await tx.query(`${TASK_SELECT} where j.id = $1 and j.kind = 'task' for update of j`, [id]);
  if (rows[0] === undefined) return { held: false, reason: 'unknown_task' };
  const record = taskRecordRow(rows[0]);
  const { job } = record;
  const matches = sameHash(job.leaseToken, claimToken);
  const ownLease = job.leaseOwner === runner.id && matches;
  if (job.status === 'running' && ownLease) return { held: true, record };
  // A task this runner never claimed is none of its business, whatever token it presents.
  if (!(await claimedBy(tx, record, runner))) return { held: false, reason: 'not_your_task' };
  if (job.status === 'cancelled') return { held: false, reason: 'cancelled', record };
  if (job.status === 'completed' || job.status === 'failed') return { held: false, reason: ownLease ? 'already_reported' : 'finished', record };
  if (job.status === 'dead') return { held: false, reason: 'finished', record };
  // Pending again, or running under another runner's lease: this runner's attempt is over.
  if (job.status === 'pending' || job.leaseOwner !== runner.id) return { held: false, reason: 'requeued', record };
  return { held: false, reason: 'wrong_token', record };
}

async function claimedBy(tx: Queryable, record: TaskRecord, runner: RunnerPrincipal): Promise<boolean> {
  if (record.runner === runner.id) return true;
  const rows = await tx.query(`select 1 from gateway_task_events where task_id = $1 and type = 'task.claimed' and data->>'runnerId' = $2 limit 1`, [record.job.id, runner.id]);
  return rows.length > 0;
}

export type LeaseOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: LostReason };

/** Extends the lease by `leaseSeconds` from now (database clock). */
export async function heartbeatTask(db: Db, id: string, runner: RunnerPrincipal, claimToken: string, leaseSeconds: number): Promise<LeaseOutcome<{ readonly expiresAt: string }>> {
  return db.transaction(async (tx) => {
    const held = await hold(tx, id, runner, claimToken);
    if (!held.held) return { ok: false, reason: held.reason };
    return { ok: true, value: { expiresAt: await extend(tx, id, leaseSeconds) } };
  });
}

async function extend(tx: Queryable, id: string, leaseSeconds: number): Promise<string> {
  const [row] = await tx.query(`update gateway_jobs set lease_expires_at = now() + make_interval(secs => $2), updated_at = now() where id = $1 returning lease_expires_at`, [id, leaseSeconds]);
  return toIso(row?.['lease_expires_at']) ?? '';
}

/** Records the runner's progress events (and extends the lease: a runner that reports is alive). */
export async function reportProgress(db: Db, id: string, runner: RunnerPrincipal, claimToken: string, events: readonly RunnerEvent[], leaseSeconds: number): Promise<LeaseOutcome<{ readonly expiresAt: string }>> {
  return db.transaction(async (tx) => {
    const held = await hold(tx, id, runner, claimToken);
    if (!held.held) return { ok: false, reason: held.reason };
    const actor = actorOf(runner);
    for (const event of events) {
      if (event.kind === 'started') await recordTaskEvent(tx, id, 'task.started', actor, { attempt: held.record.job.attempts, ...(event.data ?? {}) });
      else await recordTaskEvent(tx, id, 'task.progress', actor, { kind: event.kind, ...(event.data ?? {}) });
    }
    return { ok: true, value: { expiresAt: await extend(tx, id, leaseSeconds) } };
  });
}

/**
 * Takes the attempt's result. Refused (and audited) unless the runner holds the task with the
 * current claim token; a refusal of the token that already reported says so (`already_reported`),
 * so a runner whose first answer was lost on the way back knows its result is in.
 */
export async function finishTask(ctx: CallbackContext, id: string, runner: RunnerPrincipal, report: RunnerResult): Promise<LeaseOutcome<{ readonly status: 'completed' | 'failed' }>> {
  const outcome = await ctx.db.transaction(async (tx): Promise<LeaseOutcome<{ readonly status: 'completed' | 'failed' }>> => {
    const held = await hold(tx, id, runner, report.claimToken);
    const actor = actorOf(runner);
    if (!held.held) {
      const data = { reason: held.reason, ...(held.record === undefined ? {} : { status: held.record.job.status, attempts: held.record.job.attempts }) };
      if (held.record !== undefined) await recordTaskEvent(tx, id, 'task.result_refused', actor, data);
      await recordAudit(tx, { type: AuditType.TaskResultRefused, actor, subject: id, data });
      return { ok: false, reason: held.reason };
    }
    const { job } = held.record;
    // The token's hash stays on the finished row: it recognises the same runner's repeated report.
    await tx.query(
      `update gateway_jobs set status = $2, result = $3, last_error = $4, lease_expires_at = null, finished_at = now(), updated_at = now() where id = $1`,
      [id, report.status, JSON.stringify(report.result ?? null), report.status === 'failed' ? (report.error ?? 'The runner reported a failure without a reason.') : null],
    );
    await recordTaskEvent(tx, id, report.status === 'completed' ? 'task.completed' : 'task.failed', actor, { attempt: job.attempts, ...(report.status === 'failed' && report.error !== undefined ? { error: report.error } : {}) });
    await dispatchCallback(tx, ctx, held.record);
    return { ok: true, value: { status: report.status } };
  });
  if (outcome.ok) ctx.onJobStored?.();
  return outcome;
}

/** The runner lets go (it is stopping): the task goes back to the queue, this attempt counted. */
export async function releaseTask(ctx: CallbackContext, id: string, runner: RunnerPrincipal, claimToken: string, reason: string): Promise<LeaseOutcome<{ readonly status: string }>> {
  const outcome = await ctx.db.transaction(async (tx): Promise<LeaseOutcome<{ readonly status: string }>> => {
    const held = await hold(tx, id, runner, claimToken);
    if (!held.held) return { ok: false, reason: held.reason };
    const [row] = await tx.query(
      `update gateway_jobs set status = case when attempts >= max_attempts then 'dead' else 'pending' end,
         finished_at = case when attempts >= max_attempts then now() else null end,
         last_error = $2, lease_token = null, lease_owner = null, lease_expires_at = null, run_after = now(), updated_at = now()
       where id = $1 returning status`,
      [id, `Released by the runner during attempt ${held.record.job.attempts}: ${reason}`],
    );
    const status = String(row?.['status']);
    await taskReclaimed(tx, ctx, { ...held.record.job, status: status as Job['status'], lastError: reason }, actorOf(runner), 'released');
    return { ok: true, value: { status } };
  });
  return outcome;
}

/**
 * After a task's lease ended without a result (expired, or released): requeued with its
 * attempt counted, or — its attempts used up — failed for good and announced.
 */
export async function taskReclaimed(tx: Queryable, ctx: CallbackContext, job: Job, actor: string, reason: 'lease_expired' | 'released'): Promise<void> {
  if (job.status === 'dead') {
    await recordTaskEvent(tx, job.id, 'task.failed', actor, { attempt: job.attempts, reason, error: job.lastError });
    const record = await getTaskRecord(tx, job.id);
    if (record !== undefined) await dispatchCallback(tx, ctx, record);
  } else {
    await recordTaskEvent(tx, job.id, 'task.requeued', actor, { attempt: job.attempts, reason });
  }
}
