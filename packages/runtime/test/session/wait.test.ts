// waitForPrompt on the normalized events of real OpenCode runs (the event fixtures).

import { describe, expect, it } from 'vitest';
import { RuntimeEventHub, type RuntimeEvent } from '../../src/events/index.js';
import { waitForPrompt, RuntimeRequestErrorCode, type PromptOutcome } from '../../src/session/index.js';
import { normalizeFixture, ofType, type FixtureName } from '../events/fixtures.js';

function sessionOf(events: readonly RuntimeEvent[]): string {
  const id = ofType(events, 'session.created')[0]?.session.id;
  if (!id) throw new Error('fixture without session.created');
  return id;
}

/** Replays a fixture into a hub while waitForPrompt listens. */
async function replay(name: FixtureName): Promise<PromptOutcome> {
  const events = normalizeFixture(name);
  const hub = new RuntimeEventHub();
  const outcome = waitForPrompt(hub, sessionOf(events));
  for (const event of events) hub.emit(event);
  hub.end();
  return outcome;
}

const idle = (sessionId: string): RuntimeEvent => ({ type: 'session.status', sessionId, status: { type: 'idle' } });
const busy = (sessionId: string): RuntimeEvent => ({ type: 'session.status', sessionId, status: { type: 'busy' } });

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
