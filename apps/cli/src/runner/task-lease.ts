// Holding one task: heartbeats every third of the lease, progress events sent in small batches,
// and the result posted until the gateway has it. The lease counts on this machine's monotonic
// clock from the moment a request that renewed it was sent, so it never runs past the
// gateway's view. While the gateway is unreachable the runner keeps working and retrying; once
// the lease must have run out it abandons the task (the gateway requeues it). A 409 from the
// gateway stops the task at once.
import type { RunnerAssignment, RunnerEvent, RunnerResult } from '@open-cowork/contracts';
import type { GatewayClient, Outcome } from './gateway-client.js';

export interface LeaseLog {
  note(text: string): void;
}

/** How a held task ended for the runner. */
export type Settlement = 'reported' | 'lost' | 'abandoned';

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TaskLease {
  readonly taskId: string;
  readonly #claimToken: string;
  readonly #leaseMs: number;
  readonly #client: GatewayClient;
  readonly #log: LeaseLog;
  readonly #lost = new AbortController();
  #deadline: number;
  #beat: ReturnType<typeof setInterval> | undefined;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #queue: RunnerEvent[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #lostReason: string | undefined;
  #unreachableSince: number | undefined;

  constructor(assignment: RunnerAssignment, client: GatewayClient, log: LeaseLog, receivedAt: number) {
    this.taskId = assignment.task.id;
    this.#claimToken = assignment.lease.claimToken;
    this.#leaseMs = assignment.lease.leaseSeconds * 1000;
    this.#client = client;
    this.#log = log;
    this.#deadline = receivedAt + this.#leaseMs;
  }

  /** Aborted when the task must stop: the gateway said the lease is gone, or it ran out unrenewed. */
  get signal(): AbortSignal {
    return this.#lost.signal;
  }

  get lostReason(): string | undefined {
    return this.#lostReason;
  }

  start(): void {
    this.#beat = setInterval(() => void this.#heartbeat(), Math.max(200, this.#leaseMs / 3));
  }

  /** Queues a progress event; batches go out at most every 300 ms (text pieces merged). */
  report(event: RunnerEvent): void {
    if (this.#lost.signal.aborted) return;
    const last = this.#queue.at(-1);
    if (event.kind === 'text' && last?.kind === 'text') {
      this.#queue[this.#queue.length - 1] = { kind: 'text', data: { text: String(last.data?.['text'] ?? '') + String(event.data?.['text'] ?? '') } };
    } else {
      this.#queue.push(event);
    }
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      this.#flushing = this.#flushing.then(() => this.#flush());
    }, 300);
  }

  /**
   * Posts the result until the gateway answers for it. Before that, the progress still queued
   * goes out, so the event log is in order.
   */
  async finish(result: Omit<RunnerResult, 'claimToken'>): Promise<Settlement> {
    this.#stopTimers();
    await this.#flushing;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      if (this.#lost.signal.aborted) return 'lost';
      const sent = now();
      // Progress that did not get through yet goes first (a failed batch waits in the queue).
      if (this.#queue.length > 0) await this.#flush();
      if (this.#lost.signal.aborted) return 'lost';
      let outcome: Outcome<unknown> | undefined;
      if (this.#queue.length === 0) {
        outcome = await this.#client.result(this.taskId, { ...result, claimToken: this.#claimToken });
        if (outcome.kind === 'ok' || (outcome.kind === 'refused' && outcome.reason === 'already_reported')) {
          this.#back();
          return 'reported';
        }
        if (outcome.kind === 'refused' || outcome.kind === 'lost' || outcome.kind === 'denied') {
          this.#lose(`the gateway refused the result: ${outcome.message}`);
          return 'lost';
        }
      }
      // Unreachable: the lease may still hold when the gateway is back; after it, a result
      // would be refused anyway (the task will have been requeued), so stop trying.
      if (sent > this.#deadline) {
        this.#lose(`the gateway stayed unreachable past the lease${outcome?.kind === 'failed' ? ` (${outcome.message})` : ''}`);
        return 'abandoned';
      }
      if (outcome !== undefined) this.#noteUnreachable(outcome);
      await sleep(delay);
    }
  }

  /** Lets go of a task it will not finish (the runner is stopping): the gateway requeues it now. */
  async release(reason: string): Promise<void> {
    this.#stopTimers();
    if (this.#lost.signal.aborted) return;
    this.#lose(reason);
    await this.#client.release(this.taskId, this.#claimToken, reason);
  }

  /** Stops the timers; nothing more goes out. */
  close(): void {
    this.#stopTimers();
  }

  #stopTimers(): void {
    clearInterval(this.#beat);
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
  }

  async #heartbeat(): Promise<void> {
    if (this.#lost.signal.aborted) return;
    const sent = now();
    this.#renewed(sent, await this.#client.heartbeat(this.taskId, this.#claimToken));
  }

  async #flush(): Promise<void> {
    if (this.#queue.length === 0 || this.#lost.signal.aborted) return;
    const batch = this.#queue;
    this.#queue = [];
    const sent = now();
    const outcome = await this.#client.events(this.taskId, this.#claimToken, batch);
    if (outcome.kind === 'failed') this.#queue = [...batch, ...this.#queue]; // sent again with the next batch
    this.#renewed(sent, outcome);
  }

  /** What a heartbeat or progress answer means for the lease. */
  #renewed(sent: number, outcome: Outcome<unknown>): void {
    if (outcome.kind === 'ok') {
      this.#deadline = Math.max(this.#deadline, sent + this.#leaseMs);
      this.#back();
      return;
    }
    if (outcome.kind === 'lost' || outcome.kind === 'denied') {
      this.#lose(`the gateway took the task back: ${outcome.message}`);
      return;
    }
    if (outcome.kind === 'failed') {
      if (now() > this.#deadline) this.#lose(`the lease ran out while the gateway was unreachable (${outcome.message})`);
      else this.#noteUnreachable(outcome);
    }
  }

  #back(): void {
    if (this.#unreachableSince !== undefined) this.#log.note(`task ${this.taskId}: the gateway is back; reporting again`);
    this.#unreachableSince = undefined;
  }

  #noteUnreachable(outcome: Outcome<unknown>): void {
    if (this.#unreachableSince !== undefined) return;
    this.#unreachableSince = now();
    this.#log.note(`task ${this.taskId}: ${outcome.kind === 'failed' ? outcome.message : 'no answer'}; still working, retrying while the lease lasts`);
  }

  #lose(reason: string): void {
    if (this.#lost.signal.aborted) return;
    this.#lostReason = reason;
    this.#stopTimers();
    this.#lost.abort(new Error(reason));
  }
}
