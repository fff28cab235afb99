// Waiting for the store to reach a condition: used by actions that span several events
// (a restart, an answer to a test prompt).

import { HostError } from '../host/errors.js';
import type { AppState } from './types.js';

export interface Watchable {
  getState(): AppState;
  subscribe(listener: (state: AppState) => void): () => void;
}

/**
 * Resolves with the first non-undefined value `check` returns for the current or a later
 * state; `check` may throw to reject. Rejects after `timeoutMs` with `timeoutMessage`.
 */
export function waitFor<T>(store: Watchable, check: (state: AppState) => T | undefined, timeoutMs: number, timeoutMessage: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe: () => void = () => {};
    const timer = setTimeout(() => finish(() => reject(new HostError('HOST_UNREACHABLE', timeoutMessage))), timeoutMs);
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      action();
    };
    const test = (state: AppState) => {
      try {
        const value = check(state);
        if (value !== undefined) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    unsubscribe = store.subscribe(test);
    test(store.getState());
    if (settled) unsubscribe();
  });
}
