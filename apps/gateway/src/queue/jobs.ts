// The durable job queue: plain SQL that runs unchanged on PostgreSQL and PGlite.
//
// - A worker claims the oldest runnable job with FOR UPDATE SKIP LOCKED and gets a lease: a
//   random claim token and an expiry computed from the database's now(), never the app clock.
// - Jobs sharing a queue key (one channel session) run one at a time and in order: a job is
//   runnable only when no earlier job of its key is pending or running, and a partial unique
//   index refuses a second running job of one key whatever happens.
// - Heartbeats extend the lease; completing or failing needs the current token, so a worker
//   whose lease expired (and whose job was reclaimed) cannot overwrite the new attempt.
import { randomBytes, randomUUID } from 'node:crypto';
import { toIso, toJson, toNumber, type Queryable } from '../store/db.js';

export const JOB_KINDS = ['prompt', 'delivery', 'inbound', 'task', 'callback', 'workflow', 'watch', 'team_task'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
/** What the gateway's own workers run; `task` jobs are claimed by runners only (tasks/lease.ts). */
export const WORKER_JOB_KINDS: readonly JobKind[] = JOB_KINDS.filter((kind) => kind !== 'task');
export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  readonly id: string;
  readonly seq: number;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly queueKey: string | null;
  readonly sessionId: string | null;
  readonly payload: Record<string, unknown>;
  readonly result: unknown;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAfter: string;
  readonly leaseToken: string | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface EnqueueInput {
  /** A deterministic id makes the enqueue idempotent (a delivery id); default a random UUID. */
  readonly id?: string;
  readonly kind: JobKind;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly maxAttempts: number;
  readonly queueKey?: string;
  readonly sessionId?: string;
}

export function jobRow(row: Record<string, unknown>): Job {
  return {
    id: String(row['id']),
    seq: toNumber(row['seq']),
    kind: row['kind'] as JobKind,
    status: row['status'] as JobStatus,
    queueKey: (row['queue_key'] as string | null) ?? null,
    sessionId: (row['session_id'] as string | null) ?? null,
    payload: (toJson(row['payload']) ?? {}) as Record<string, unknown>,
    result: toJson(row['result']) ?? null,
    attempts: toNumber(row['attempts']),
    maxAttempts: toNumber(row['max_attempts']),
    runAfter: toIso(row['run_after']) ?? '',
    leaseToken: (row['lease_token'] as string | null) ?? null,
    leaseOwner: (row['lease_owner'] as string | null) ?? null,
    leaseExpiresAt: toIso(row['lease_expires_at']) ?? null,
    lastError: (row['last_error'] as string | null) ?? null,
    createdAt: toIso(row['created_at']) ?? '',
    updatedAt: toIso(row['updated_at']) ?? '',
    startedAt: toIso(row['started_at']) ?? null,
    finishedAt: toIso(row['finished_at']) ?? null,
  };
}

/** Inserts a pending job; with a known id that already exists, nothing changes and false is returned. */
export async function enqueueJob(q: Queryable, input: EnqueueInput): Promise<{ readonly id: string; readonly created: boolean }> {
  const id = input.id ?? randomUUID();
  const rows = await q.query(
    `insert into gateway_jobs (id, kind, status, queue_key, session_id, payload, max_attempts) values ($1, $2, 'pending', $3, $4, $5, $6)
     on conflict (id) do nothing returning id`,
    [id, input.kind, input.queueKey ?? null, input.sessionId ?? null, JSON.stringify(input.payload), input.maxAttempts],
  );
  return { id, created: rows.length === 1 };
}

const CLAIM = `
with next as (
  select j.id from gateway_jobs j
  where j.status = 'pending' and j.run_after <= now()
    and ($3::text[] is null or j.kind = any($3::text[]))
    and (j.queue_key is null or not exists (
      select 1 from gateway_jobs e where e.queue_key = j.queue_key and e.status in ('pending', 'running') and e.seq < j.seq))
  order by j.seq
  limit 1
  for update of j skip locked
)
update gateway_jobs j
   set status = 'running', attempts = j.attempts + 1, lease_token = $1, lease_owner = $2,
       lease_expires_at = now() + make_interval(secs => $4), started_at = coalesce(j.started_at, now()), updated_at = now()
  from next where j.id = next.id
returning j.*`;

/** Claims the next runnable job for `owner`, or undefined when there is none. */
export async function claimJob(q: Queryable, owner: string, leaseSeconds: number, kinds?: readonly JobKind[]): Promise<Job | undefined> {
  const token = randomBytes(16).toString('hex');
  try {
    const rows = await q.query(CLAIM, [token, owner, kinds === undefined ? null : [...kinds], leaseSeconds]);
    return rows[0] === undefined ? undefined : jobRow(rows[0]);
  } catch (error) {
    // Another worker started the head job of this queue key between our snapshot and update.
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
}

/** Extends the lease; false when it was lost (expired and reclaimed, or the job was cancelled). */
export async function heartbeatJob(q: Queryable, id: string, token: string, leaseSeconds: number): Promise<boolean> {
  const rows = await q.query(
    `update gateway_jobs set lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
     where id = $1 and lease_token = $2 and status = 'running' returning id`,
    [id, token, leaseSeconds],
  );
  return rows.length === 1;
}

/** Marks the job completed; false (and nothing changed) when the token no longer holds it. */
export async function completeJob(q: Queryable, id: string, token: string, result: unknown): Promise<boolean> {
  const rows = await q.query(
    `update gateway_jobs set status = 'completed', result = $3, lease_token = null, lease_expires_at = null, last_error = null, finished_at = now(), updated_at = now()
     where id = $1 and lease_token = $2 and status = 'running' returning id`,
    [id, token, JSON.stringify(result ?? null)],
  );
  return rows.length === 1;
}

export interface FailOutcome {
  /** pending (will retry), dead (attempts used up) or failed (not retryable); null when the lease was lost. */
  readonly status: 'pending' | 'dead' | 'failed' | null;
  readonly job?: Job;
}

/**
 * Records a failed attempt. Retryable failures go back to pending after `backoffMs` (from the
 * database clock) until the attempts are used up, then the job is dead; a final failure is
 * failed at once.
 */
export async function failJob(q: Queryable, id: string, token: string, error: string, options: { readonly retryable: boolean; readonly backoffMs: number }): Promise<FailOutcome> {
  const rows = await q.query(
    `update gateway_jobs set
       status = case when not $4 then 'failed' when attempts >= max_attempts then 'dead' else 'pending' end,
       run_after = case when $4 and attempts < max_attempts then now() + make_interval(secs => $5) else run_after end,
       finished_at = case when not $4 or attempts >= max_attempts then now() else null end,
       last_error = $3, lease_token = null, lease_owner = null, lease_expires_at = null, updated_at = now()
     where id = $1 and lease_token = $2 and status = 'running'
     returning *`,
    [id, token, error, options.retryable, options.backoffMs / 1000],
  );
  if (rows[0] === undefined) return { status: null };
  const job = jobRow(rows[0]);
  return { status: job.status as 'pending' | 'dead' | 'failed', job };
}

/** Jobs whose lease expired go back to pending (or dead when their attempts are used up). */
export async function reclaimExpiredJobs(q: Queryable): Promise<Job[]> {
  const rows = await q.query(
    `update gateway_jobs set
       status = case when attempts >= max_attempts then 'dead' else 'pending' end,
       finished_at = case when attempts >= max_attempts then now() else null end,
       last_error = 'The lease expired during attempt ' || attempts || ' (the worker stopped or lost the store).',
       lease_token = null, lease_owner = null, lease_expires_at = null, run_after = now(), updated_at = now()
     where status = 'running' and lease_expires_at < now()
     returning *`,
  );
  return rows.map(jobRow);
}

export async function getJob(q: Queryable, id: string): Promise<Job | undefined> {
  const rows = await q.query('select * from gateway_jobs where id = $1', [id]);
  return rows[0] === undefined ? undefined : jobRow(rows[0]);
}

export interface JobFilter {
  readonly status?: JobStatus;
  readonly kind?: JobKind;
  readonly sessionId?: string;
  readonly limit?: number;
}

export async function listJobs(q: Queryable, filter: JobFilter = {}): Promise<Job[]> {
  const rows = await q.query(
    `select * from gateway_jobs where ($1::text is null or status = $1) and ($2::text is null or kind = $2) and ($3::text is null or session_id = $3)
     order by seq desc limit $4`,
    [filter.status ?? null, filter.kind ?? null, filter.sessionId ?? null, filter.limit ?? 100],
  );
  return rows.map(jobRow);
}

export async function countJobsByStatus(q: Queryable): Promise<Record<string, number>> {
  const rows = await q.query<{ status: string; n: unknown }>('select status, count(*)::int as n from gateway_jobs group by status');
  return Object.fromEntries(rows.map((row) => [row.status, toNumber(row.n)]));
}

/** A dead, failed or cancelled job runs again from its first attempt. */
export async function retryJob(q: Queryable, id: string): Promise<Job | undefined> {
  const rows = await q.query(
    `update gateway_jobs set status = 'pending', attempts = 0, run_after = now(), finished_at = null, updated_at = now()
     where id = $1 and status in ('dead', 'failed', 'cancelled') returning *`,
    [id],
  );
  return rows[0] === undefined ? undefined : jobRow(rows[0]);
}

/** A pending or running job is cancelled; a running one loses its lease (its worker stops at the next heartbeat). */
export async function cancelJob(q: Queryable, id: string): Promise<Job | undefined> {
  const rows = await q.query(
    `update gateway_jobs set status = 'cancelled', lease_token = null, lease_owner = null, lease_expires_at = null, finished_at = now(), updated_at = now()
     where id = $1 and status in ('pending', 'running') returning *`,
    [id],
  );
  return rows[0] === undefined ? undefined : jobRow(rows[0]);
}
