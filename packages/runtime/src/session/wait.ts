// Waiting for a prompt to finish, from normalized events: the session goes busy, maybe fails,
// then goes idle. Subscribe before sending the prompt, so no event is missed: the listener is
// registered synchronously when `waitForPrompt` is called.

import type { RuntimeEventSource } from '../events/hub.js';
import type { RuntimeErrorInfo, RuntimeEvent } from '../events/types.js';
import { RuntimeError, RuntimeRequestErrorCode } from './errors.js';
import type { PromptOutcome } from './types.js';

export interface WaitForPromptOptions {
  readonly signal?: AbortSignal;
  /** Give up (RUNTIME_TIMEOUT) after this long. Default: wait as long as it takes. */
  readonly timeoutMs?: number;
  /**
   * Ignore `idle` until the session was seen busy (default true), so an `idle` left over from
   * an earlier prompt cannot end the wait. Set false when waiting on a prompt already running.
   */
  readonly requireBusy?: boolean;
}

const ABORTED = 'MessageAbortedError';

export function waitForPrompt(events: RuntimeEventSource, sessionId: string, options: WaitForPromptOptions = {}): Promise<PromptOutcome> {
  const operation = 'session.wait';
  return new Promise<PromptOutcome>((resolve, reject) => {
    let running = options.requireBusy === false;
    let retrying: string | undefined;
    let error: RuntimeErrorInfo | undefined;
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
          } else if (running) {
            finish(outcomeOf(sessionId, error, retrying));
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
}

function outcomeOf(sessionId: string, error: RuntimeErrorInfo | undefined, retrying: string | undefined): PromptOutcome {
  if (error) return { status: error.name === ABORTED ? 'aborted' : 'failed', sessionId, error };
  // Aborting while a failed model call waits for its retry ends the prompt with no error at all.
  if (retrying !== undefined) return { status: 'aborted', sessionId, error: { name: ABORTED, message: `Aborted while retrying: ${retrying}` } };
  return { status: 'completed', sessionId };
}
