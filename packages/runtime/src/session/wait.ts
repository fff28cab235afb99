// Waiting for a prompt to finish, from normalized events: the session goes busy, maybe fails,
// then goes idle. Subscribe before sending the prompt, so no event is missed: the listener is
// registered synchronously when `waitForPrompt` is called.
//
// OpenCode retries a failed model call (HTTP 5xx, 429, a stream cut mid-way) forever, reporting
// `retry` statuses with a growing delay, and never gives up on its own. `giveUpAfterRetries`
// turns that into a clear failure: past the limit the session is stopped and the prompt fails
// with MODEL_RETRIES_EXHAUSTED, carrying OpenCode's retry message (the provider's error text).

import type { RuntimeEventSource } from '../events/hub.js';
import type { RuntimeErrorInfo, RuntimeEvent } from '../events/types.js';
import { badInput, RuntimeError, RuntimeRequestErrorCode } from './errors.js';
import type { PromptOutcome } from './types.js';

/** The error name of a prompt that failed because its model call kept failing (see `giveUpAfterRetries`). */
export const MODEL_RETRIES_EXHAUSTED = 'ModelRetriesExhausted';

export interface WaitForPromptOptions {
  readonly signal?: AbortSignal;
  /** Give up (RUNTIME_TIMEOUT) after this long. Default: wait as long as it takes. */
  readonly timeoutMs?: number;
  /**
   * Ignore `idle` until the session was seen busy (default true), so an `idle` left over from
   * an earlier prompt cannot end the wait. Set false when waiting on a prompt already running.
   */
  readonly requireBusy?: boolean;
  /**
   * How many retries of a failed model call to sit through: a `retry` status with a higher
   * attempt number (1 is the first retry) fails the prompt with MODEL_RETRIES_EXHAUSTED and
   * OpenCode's retry message. 0 gives up at the first failure. Default: wait as long as
   * OpenCode keeps retrying.
   */
  readonly giveUpAfterRetries?: number;
  /**
   * Stops the session once retries are exhausted (e.g. `RuntimeSessions.abort`). The outcome
   * then arrives when the session is idle again, so it is ready for the next prompt. Without
   * it (or when it fails) the outcome arrives at once and OpenCode keeps retrying in the
   * background until someone aborts the session.
   */
  readonly abortSession?: () => Promise<void>;
}

const ABORTED = 'MessageAbortedError';

/** RUNTIME_BAD_REQUEST unless `limit` is absent or a whole number ≥ 0. */
export function invalidRetryLimit(operation: string, limit: number | undefined): RuntimeError | undefined {
  if (limit === undefined || (Number.isInteger(limit) && limit >= 0)) return undefined;
  return badInput(operation, `giveUpAfterRetries must be an integer ≥ 0, got ${String(limit)}`);
}

export function waitForPrompt(events: RuntimeEventSource, sessionId: string, options: WaitForPromptOptions = {}): Promise<PromptOutcome> {
  const operation = 'session.wait';
  const limit = options.giveUpAfterRetries;
  const invalid = invalidRetryLimit(operation, limit);
  if (invalid) return Promise.reject(invalid);
  const outcome = new Promise<PromptOutcome>((resolve, reject) => {
    let running = options.requireBusy === false;
    let retrying: string | undefined;
    let error: RuntimeErrorInfo | undefined;
    let exhausted: RuntimeErrorInfo | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    let dispose: (() => void) | undefined = undefined; // Assigned below; onEnd may run inside subscribe().

    const finish = (outcome: PromptOutcome | RuntimeError): void => {
      if (settled) return;
      settled = true;
      dispose?.();
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof RuntimeError) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => finish(new RuntimeError(RuntimeRequestErrorCode.Aborted, `${operation}: aborted`, { operation }));

    const giveUp = (message: string): void => {
      exhausted = { name: MODEL_RETRIES_EXHAUSTED, message };
      const failed: PromptOutcome = { status: 'failed', sessionId, error: exhausted };
      const abortSession = options.abortSession;
      if (!abortSession) return finish(failed);
      // The idle that follows the abort settles the wait (see outcomeOf); should the abort
      // itself fail, the prompt has failed all the same.
      Promise.resolve().then(abortSession).catch(() => finish(failed));
    };

    const onEvent = (event: RuntimeEvent): void => {
      switch (event.type) {
        case 'session.status':
          if (event.sessionId !== sessionId) return;
          if (event.status.type === 'busy') {
            running = true;
            retrying = undefined;
          } else if (event.status.type === 'retry') {
            running = true;
            retrying = event.status.message;
            if (limit !== undefined && event.status.attempt > limit && !exhausted) giveUp(event.status.message);
          } else if (running) {
            finish(outcomeOf(sessionId, exhausted ?? error, retrying));
          }
          return;
        case 'session.error':
          if (event.sessionId !== sessionId) return;
          running = true;
          error ??= event.error;
          return;
        case 'message.updated':
          if (event.message.sessionId === sessionId && event.message.error) error ??= event.message.error;
          return;
        default:
          return;
      }
    };

    dispose = events.subscribe(onEvent, () =>
      finish(new RuntimeError(RuntimeRequestErrorCode.StreamClosed, `${operation}: the event stream ended before the session went idle`, { operation })),
    );
    if (settled) return dispose(); // The source had already ended.
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(
        () => finish(new RuntimeError(RuntimeRequestErrorCode.Timeout, `${operation}: session ${sessionId} still busy after ${options.timeoutMs} ms`, { operation })),
        options.timeoutMs,
      );
    }
  });
  // Callers subscribe first and await after sending the prompt: the wait can end (aborted, timed
  // out, stream closed) while the prompt is still being sent. Marked handled here, that rejection
  // reaches the caller's await instead of ending the process as unhandled.
  outcome.catch(() => undefined);
  return outcome;
}

function outcomeOf(sessionId: string, error: RuntimeErrorInfo | undefined, retrying: string | undefined): PromptOutcome {
  if (error) return { status: error.name === ABORTED ? 'aborted' : 'failed', sessionId, error };
  // Aborting while a failed model call waits for its retry ends the prompt with no error at all.
  if (retrying !== undefined) return { status: 'aborted', sessionId, error: { name: ABORTED, message: `Aborted while retrying: ${retrying}` } };
  return { status: 'completed', sessionId };
}
