// Waiting for the store to reach a condition: used by actions that span several events
// (a restart, an answer to a test prompt).

import type { SessionId } from '@open-cowork/contracts';
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

/** The text of the session's finished answer, once there is one; throws on a failed (or retrying) answer. */
export function finishedAnswer(state: AppState, sessionId: SessionId): string | undefined {
  const error = state.sessions.errors[sessionId];
  if (error !== undefined) throw new HostError('RUNTIME_REQUEST_FAILED', error.message, error);
  // A model call that already needs retrying is a failed connection test, not a slow one.
  const status = state.sessions.statuses[sessionId];
  if (status?.type === 'retry') throw new HostError('RUNTIME_REQUEST_FAILED', status.message, status);
  const entries = state.transcripts[sessionId]?.entries ?? [];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry === undefined || entry.info.role !== 'assistant') continue;
    if (entry.info.error !== undefined) throw new HostError('RUNTIME_REQUEST_FAILED', entry.info.error.message, entry.info.error);
    const text = entry.parts.map((p) => (p.kind === 'text' && !p.synthetic ? p.text : '')).join('').trim();
    const done = entry.info.completedAt !== undefined || state.sessions.statuses[sessionId] === undefined;
    if (done && text !== '') return text;
  }
  return undefined;
}
