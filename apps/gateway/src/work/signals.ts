// In-process wake-ups by key: prompt jobs waiting on an approval, long-polls waiting on a task.
// What this process records wakes its waiters at once; what another replica records is seen at
// the waiter's next poll of the store (the store is the truth either way).

export class KeyedSignals {
  readonly #waiters = new Map<string, Set<() => void>>();

  notify(key: string): void {
    for (const wake of this.#waiters.get(key) ?? []) wake();
  }

  /** Resolves on notify(key), after `ms`, or when `signal` aborts — whichever comes first. */
  wait(key: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.#waiters.get(key) ?? new Set();
      this.#waiters.set(key, set);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.#waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Approval answers, keyed by approval id. */
export class ApprovalSignals extends KeyedSignals {}
