// waitForPrompt on the normalized events of real OpenCode runs (the event fixtures), and
// promptAndWait giving up on a model call that keeps failing.

import type { OpencodeClient } from '@opencode-ai/sdk/v2';
import { describe, expect, it, vi } from 'vitest';
import { RuntimeEventHub, type RuntimeEvent } from '../../src/events/index.js';
import {
  MODEL_RETRIES_EXHAUSTED,
  RuntimeRequestErrorCode,
  RuntimeSessions,
  waitForPrompt,
  type PromptOutcome,
  type WaitForPromptOptions,
} from '../../src/session/index.js';
import { normalizeFixture, ofType, type FixtureName } from '../events/fixtures.js';

function sessionOf(events: readonly RuntimeEvent[]): string {
  const id = ofType(events, 'session.created')[0]?.session.id;
  if (!id) throw new Error('fixture without session.created');
  return id;
}

/** Replays a fixture into a hub while waitForPrompt listens. */
async function replay(name: FixtureName, options?: WaitForPromptOptions): Promise<PromptOutcome> {
  const events = normalizeFixture(name);
  const hub = new RuntimeEventHub();
  const outcome = waitForPrompt(hub, sessionOf(events), options);
  for (const event of events) hub.emit(event);
  hub.end();
  return outcome;
}

const idle = (sessionId: string): RuntimeEvent => ({ type: 'session.status', sessionId, status: { type: 'idle' } });
const busy = (sessionId: string): RuntimeEvent => ({ type: 'session.status', sessionId, status: { type: 'busy' } });
const retry = (sessionId: string, attempt: number, message = 'Internal server error'): RuntimeEvent => ({
  type: 'session.status',
  sessionId,
  status: { type: 'retry', attempt, message, next: 0 },
});

describe('waitForPrompt', () => {
  it('completed: the session went idle without an error', async () => {
    await expect(replay('text-prompt')).resolves.toEqual({ status: 'completed', sessionId: expect.stringMatching(/^ses_/) });
    await expect(replay('permission-allow')).resolves.toMatchObject({ status: 'completed' });
    await expect(replay('summarize')).resolves.toMatchObject({ status: 'completed' });
  });

  it('aborted: MessageAbortedError, or an abort while a failed call waited for its retry', async () => {
    await expect(replay('abort')).resolves.toMatchObject({ status: 'aborted', error: { name: 'MessageAbortedError', message: 'Aborted' } });
    await expect(replay('model-error-500')).resolves.toMatchObject({
      status: 'aborted',
      error: { name: 'MessageAbortedError', message: 'Aborted while retrying: Internal server error (scripted)' },
    });
  });

  it('failed: the provider error', async () => {
    await expect(replay('model-error-400')).resolves.toMatchObject({
      status: 'failed',
      error: { name: 'APIError', message: 'Bad request (scripted)', statusCode: 400 },
    });
  });

  it('ignores other sessions and an idle before the session was busy', async () => {
    const hub = new RuntimeEventHub();
    let settled = false;
    const outcome = waitForPrompt(hub, 's1').finally(() => (settled = true));
    hub.emit(idle('s1'));
    hub.emit(busy('s2'));
    hub.emit(idle('s2'));
    await Promise.resolve();
    expect(settled).toBe(false);
    hub.emit(busy('s1'));
    hub.emit(idle('s1'));
    await expect(outcome).resolves.toEqual({ status: 'completed', sessionId: 's1' });
  });

  it('requireBusy: false accepts the first idle', async () => {
    const hub = new RuntimeEventHub();
    const outcome = waitForPrompt(hub, 's1', { requireBusy: false });
    hub.emit(idle('s1'));
    await expect(outcome).resolves.toMatchObject({ status: 'completed' });
  });

  it('rejects when the stream ends, the signal aborts or the timeout passes, and stops listening', async () => {
    const ended = new RuntimeEventHub();
    const whenEnded = waitForPrompt(ended, 's1');
    ended.end();
    await expect(whenEnded).rejects.toMatchObject({ code: RuntimeRequestErrorCode.StreamClosed });

    const hub = new RuntimeEventHub();
    const controller = new AbortController();
    const aborted = waitForPrompt(hub, 's1', { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Aborted });

    await expect(waitForPrompt(hub, 's1', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Aborted });
    await expect(waitForPrompt(hub, 's1', { timeoutMs: 10 })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Timeout });
    expect((hub as unknown as { listeners: Set<unknown> }).listeners.size).toBe(0);
  });

  it('an already ended source rejects at once', async () => {
    const hub = new RuntimeEventHub();
    hub.end();
    await expect(waitForPrompt(hub, 's1')).rejects.toMatchObject({ code: RuntimeRequestErrorCode.StreamClosed });
  });
});

describe('giving up on a model call that keeps failing', () => {
  // model-error-500: busy, retry #1, busy, retry #2, then idle after the capture aborted it.
  it('past the limit: stops the session once and fails with the retry message when it is idle', async () => {
    const abortSession = vi.fn(() => Promise.resolve());
    await expect(replay('model-error-500', { giveUpAfterRetries: 1, abortSession })).resolves.toEqual({
      status: 'failed',
      sessionId: expect.stringMatching(/^ses_/),
      error: { name: MODEL_RETRIES_EXHAUSTED, message: 'Internal server error (scripted)' },
    });
    expect(abortSession).toHaveBeenCalledTimes(1);

    const atOnce = vi.fn(() => Promise.resolve());
    await expect(replay('model-error-500', { giveUpAfterRetries: 0, abortSession: atOnce })).resolves.toMatchObject({ status: 'failed', error: { name: MODEL_RETRIES_EXHAUSTED } });
    expect(atOnce).toHaveBeenCalledTimes(1); // retry #2 does not stop it again
  });

  it('within the limit: waits as before', async () => {
    const abortSession = vi.fn(() => Promise.resolve());
    await expect(replay('model-error-500', { giveUpAfterRetries: 2, abortSession })).resolves.toMatchObject({ status: 'aborted', error: { name: 'MessageAbortedError' } });
    expect(abortSession).not.toHaveBeenCalled();
  });

  it('without a way to stop the session, or when stopping fails, fails at once', async () => {
    const hub = new RuntimeEventHub();
    const bare = waitForPrompt(hub, 's1', { giveUpAfterRetries: 0 });
    hub.emit(busy('s1'));
    hub.emit(retry('s1', 1, 'Rate limit reached'));
    await expect(bare).resolves.toEqual({ status: 'failed', sessionId: 's1', error: { name: MODEL_RETRIES_EXHAUSTED, message: 'Rate limit reached' } });

    const refused = waitForPrompt(hub, 's2', { giveUpAfterRetries: 0, abortSession: () => Promise.reject(new Error('unreachable')) });
    hub.emit(busy('s2'));
    hub.emit(retry('s2', 1, 'Bad gateway'));
    await expect(refused).resolves.toMatchObject({ status: 'failed', error: { name: MODEL_RETRIES_EXHAUSTED, message: 'Bad gateway' } });
  });

  it('rejects a limit that is not a whole number ≥ 0', async () => {
    const hub = new RuntimeEventHub();
    await expect(waitForPrompt(hub, 's1', { giveUpAfterRetries: -1 })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.BadRequest });
    await expect(waitForPrompt(hub, 's1', { giveUpAfterRetries: 1.5 })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.BadRequest });
  });

  it('promptAndWait aborts the session through the session layer, then resolves failed', async () => {
    const hub = new RuntimeEventHub();
    const ok = () => Promise.resolve({ data: true, response: new Response(null, { status: 204 }) });
    const promptAsync = vi.fn(() => {
      queueMicrotask(() => {
        hub.emit(busy('s1'));
        hub.emit(retry('s1', 1, 'Upstream exploded'));
        hub.emit(busy('s1'));
        hub.emit(retry('s1', 2, 'Upstream exploded'));
      });
      return ok();
    });
    const abort = vi.fn(() => {
      queueMicrotask(() => hub.emit(idle('s1')));
      return ok();
    });
    const client = { session: { promptAsync, abort } } as unknown as OpencodeClient;
    const outcome = await new RuntimeSessions(client).promptAndWait({ directory: '/w', sessionId: 's1', text: 'Hi' }, { events: hub, giveUpAfterRetries: 1 });
    expect(outcome).toEqual({ status: 'failed', sessionId: 's1', error: { name: MODEL_RETRIES_EXHAUSTED, message: 'Upstream exploded' } });
    expect(abort).toHaveBeenCalledWith({ sessionID: 's1', directory: '/w' });
    expect(abort).toHaveBeenCalledTimes(1);

    promptAsync.mockClear();
    await expect(
      new RuntimeSessions(client).promptAndWait({ directory: '/w', sessionId: 's1', text: 'Hi' }, { events: hub, giveUpAfterRetries: -1 }),
    ).rejects.toMatchObject({ code: RuntimeRequestErrorCode.BadRequest });
    expect(promptAsync).not.toHaveBeenCalled(); // a bad limit is refused before the prompt is sent
  });

  it('a wait that ends before anyone awaits it (the prompt still being sent) is no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const stop = new AbortController();
      const outcome = waitForPrompt(new RuntimeEventHub(), 's1', { signal: stop.signal });
      stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      await expect(outcome).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Aborted });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('promptAndWait stopped while OpenCode is still accepting the prompt rejects once, leaving no unhandled rejection', async () => {
    const hub = new RuntimeEventHub();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let accept: () => void = () => undefined;
      const promptAsync = vi.fn(() => new Promise((resolve) => (accept = () => resolve({ data: true, response: new Response(null, { status: 204 }) }))));
      const client = { session: { promptAsync } } as unknown as OpencodeClient;
      const stop = new AbortController();
      const outcome = new RuntimeSessions(client).promptAndWait({ directory: '/w', sessionId: 's1', text: 'Hi' }, { events: hub, signal: stop.signal });
      await vi.waitFor(() => expect(promptAsync).toHaveBeenCalledTimes(1));
      stop.abort(); // e.g. a runner's lease lost while its prompt is being sent
      // Let Node look for unhandled rejections before the prompt is accepted.
      await new Promise((resolve) => setTimeout(resolve, 20));
      accept();
      await expect(outcome).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Aborted });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
