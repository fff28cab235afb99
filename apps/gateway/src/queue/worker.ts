// Workers: claim a job, keep its lease alive with heartbeats, run its handler, and let go.
// Every replica runs them. Expired leases (a worker that died) are reclaimed on start and
// then periodically by every replica; the claim token keeps a late worker from finishing a
// job someone else now holds.
import { setTimeout as wait } from 'node:timers/promises';
import { setMaxListeners } from 'node:events';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { AuditType, recordAudit } from '../store/audit.js';
import type { Db, Queryable } from '../store/db.js';
import { setSessionStatus } from '../store/sessions.js';
import { claimJob, failJob, heartbeatJob, reclaimExpiredJobs, WORKER_JOB_KINDS, type Job } from './jobs.js';

export interface WorkerHandlers {
  /** Runs the job and records its outcome (complete or fail with the lease token). */
  run(job: Job, lease: { readonly token: string; readonly signal: AbortSignal }): Promise<void>;
  /** Backoff for a handler that threw without recording anything. */
  backoffMs(attempts: number): number;
  /** Called in the reclaiming transaction for each job whose lease expired (requeued or dead). */
  reclaimed?(tx: Queryable, job: Job): Promise<void>;
}

export interface WorkerPoolOptions {
  readonly db: Db;
  readonly owner: string;
  readonly concurrency: number;
  readonly leaseSeconds: number;
  readonly handlers: WorkerHandlers;
  readonly log: Logger;
  /** Idle poll interval. Default 200 ms. */
  readonly pollMs?: number;
  /** How often expired leases are looked for. Default half a lease (at least 500 ms). */
  readonly reclaimEveryMs?: number;
}

/** Waits `ms`, or less when `signal` aborts (resolves either way). */
const sleep = (ms: number, signal: AbortSignal): Promise<void> => wait(ms, undefined, { signal }).catch(() => undefined);

export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #stop = new AbortController();
  readonly #running = new Set<AbortController>();
  #loops: Promise<void>[] = [];
  #wake: (() => void)[] = [];
  #reclaimTimer: NodeJS.Timeout | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    // Each idle wait listens until its timer ends, even when a notify woke it first: with several
    // workers and frequent wake-ups that is more than ten short-lived listeners, not a leak.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Reclaims expired leases, then starts the workers. */
  async start(): Promise<void> {
    await this.reclaim();
    const every = this.#options.reclaimEveryMs ?? Math.max(500, (this.#options.leaseSeconds * 1000) / 2);
    this.#reclaimTimer = setInterval(() => void this.reclaim().catch((error: unknown) => this.#options.log.log('warn', 'jobs.reclaim.failed', { error: messageOf(error) })), every);
    this.#loops = Array.from({ length: this.#options.concurrency }, (_, index) => this.#loop(index));
  }

  /** Ends the idle wait of the workers (a job was just stored). */
  notify(): void {
    for (const wake of this.#wake.splice(0)) wake();
  }

  /** Jobs whose lease expired go back to the queue; dead ones are audited. */
  async reclaim(): Promise<Job[]> {
    const { db } = this.#options;
    const jobs = await db.transaction(async (tx) => {
      const reclaimed = await reclaimExpiredJobs(tx);
      for (const job of reclaimed) {
        if (job.status === 'dead') {
          await recordAudit(tx, { type: AuditType.JobDead, subject: job.id, data: { kind: job.kind, attempts: job.attempts, error: job.lastError } });
          if (job.kind === 'prompt' && job.sessionId !== null) await setSessionStatus(tx, job.sessionId, 'failed');
        } else if (job.kind === 'prompt' && job.sessionId !== null) {
          await setSessionStatus(tx, job.sessionId, 'idle');
        }
        await this.#options.handlers.reclaimed?.(tx, job);
      }
      return reclaimed;
    });
    if (jobs.length > 0) {
      this.#options.log.log('info', 'jobs.reclaimed', { count: jobs.length, ids: jobs.map((job) => job.id) });
      this.notify();
    }
    return jobs;
  }

  /** Stops claiming; running jobs get `graceMs` to finish, then their handlers are aborted. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stop.abort();
    clearInterval(this.#reclaimTimer);
    this.notify();
    const all = Promise.all(this.#loops);
    const timer = setTimeout(() => {
      for (const controller of this.#running) controller.abort();
    }, graceMs);
    await all;
    clearTimeout(timer);
  }

  async #loop(index: number): Promise<void> {
    const { db, owner, leaseSeconds, log } = this.#options;
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      let job: Job | undefined;
      try {
        job = await claimJob(db, owner, leaseSeconds, WORKER_JOB_KINDS);
      } catch (error) {
        log.log('warn', 'jobs.claim.failed', { worker: index, error: messageOf(error) });
      }
      if (job === undefined) {
        await new Promise<void>((resolve) => {
          this.#wake.push(resolve);
          void sleep(this.#options.pollMs ?? 200, stop).then(resolve);
        });
        continue;
      }
      await this.#work(job);
    }
  }

  async #work(job: Job): Promise<void> {
    const { db, leaseSeconds, handlers, log } = this.#options;
    const token = job.leaseToken!;
    const lease = new AbortController();
    this.#running.add(lease);
    const beat = setInterval(() => {
      void heartbeatJob(db, job.id, token, leaseSeconds).then(
        (held) => {
          if (!held && !lease.signal.aborted) {
            log.log('warn', 'jobs.lease.lost', { jobId: job.id });
            lease.abort();
          }
        },
        (error: unknown) => log.log('warn', 'jobs.heartbeat.failed', { jobId: job.id, error: messageOf(error) }),
      );
    }, Math.max(200, (leaseSeconds * 1000) / 3));
    try {
      await handlers.run(job, { token, signal: lease.signal });
    } catch (error) {
      if (!lease.signal.aborted || this.#stop.signal.aborted) {
        // The handler recorded nothing: count the attempt as failed so the job is retried.
        const outcome = await failJob(db, job.id, token, messageOf(error), { retryable: true, backoffMs: this.#stop.signal.aborted ? 0 : handlers.backoffMs(job.attempts) }).catch(() => ({ status: null }));
        log.log('warn', 'jobs.attempt.failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, status: outcome.status, error: messageOf(error) });
      } else {
        log.log('warn', 'jobs.attempt.abandoned', { jobId: job.id, kind: job.kind, attempt: job.attempts });
      }
    } finally {
      clearInterval(beat);
      this.#running.delete(lease);
    }
  }
}
