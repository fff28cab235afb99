// In-process wake-ups for prompt jobs waiting on an approval. An answer recorded by this process
// wakes its waiter at once; an answer recorded by another replica is seen at the next poll of
// the store (the store is the truth either way).

export class ApprovalSignals {
  readonly #waiters = new Map<string, Set<() => void>>();

  notify(approvalId: string): void {
    for (const wake of this.#waiters.get(approvalId) ?? []) wake();
  }

  /** Resolves on notify(approvalId), after `ms`, or when `signal` aborts — whichever comes first. */
  wait(approvalId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.#waiters.get(approvalId) ?? new Set();
      this.#waiters.set(approvalId, set);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.#waiters.delete(approvalId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  }
}
