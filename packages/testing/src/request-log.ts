// Every chat request the scripted model answered, for assertions, with a way to wait for one.

import type { Conversation } from './conversation.js';

export interface LoggedRequest extends Conversation {
  /** 1, 2, 3… in arrival order; never reused, even after `reset()`. */
  readonly seq: number;
  /** `Date.now()` when the request was parsed. */
  readonly receivedAt: number;
  /** Request headers, lower-cased, repeated values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The rule that answered: its name, `rule #N`, `title` or `default`. */
  readonly rule: string;
}

export type RequestPredicate = (request: LoggedRequest) => boolean;

interface Waiter {
  readonly predicate: RequestPredicate;
  readonly resolve: (request: LoggedRequest) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private readonly waiters = new Set<Waiter>();
  private closedReason: string | undefined;

  get all(): readonly LoggedRequest[] {
    return [...this.entries];
  }

  add(request: LoggedRequest): void {
    this.entries.push(request);
    for (const waiter of [...this.waiters]) {
      let matched: boolean;
      try {
        matched = waiter.predicate(request);
      } catch (error) {
        // A throwing predicate fails its own wait, not the request being answered.
        this.settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!matched) continue;
      this.settle(waiter);
      waiter.resolve(request);
    }
  }

  clear(): void {
    this.entries = [];
  }

  /** The first logged request (past or future) that satisfies `predicate`. */
  waitFor(predicate: RequestPredicate, timeoutMs: number): Promise<LoggedRequest> {
    const seen = this.entries.find(predicate);
    if (seen) return Promise.resolve(seen);
    if (this.closedReason) return Promise.reject(new Error(`waitForRequest: ${this.closedReason}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(waiter);
        const rules = this.entries.map((request) => request.rule).join(', ') || 'none';
        reject(new Error(`waitForRequest: no matching request within ${timeoutMs} ms (rules answered so far: ${rules})`));
      }, timeoutMs);
      const waiter: Waiter = { predicate, resolve, reject, timer };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending wait; later waits only look at what was logged. */
  close(reason: string): void {
    this.closedReason = reason;
    for (const waiter of [...this.waiters]) {
      this.settle(waiter);
      waiter.reject(new Error(`waitForRequest: ${reason}`));
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
