// Faults a turn must survive, with the real runtime and the scripted model, checked through the
// host's API: the runtime killed (SIGKILL) while it streams an answer, and an answer streamed so
// fast and so long that the runtime is too busy to answer its health checks.
import type { HostEventName, HostEventPayload } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseFrame } from '../transport/helpers.js';
import { eventProblems, ok, recordEvents, startTestHost, until, type SseReader, type TestHost } from './support.js';

const STORY = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
const LONG_WORDS = 3_000;
const LONG = Array.from({ length: LONG_WORDS }, (_, i) => `w${i}`).join(' ');

let t: TestHost;
let events: SseReader;
const frames: SseFrame[] = [];
let workspaceId = '';

beforeAll(async () => {
  t = await startTestHost({
    rules: [
      { match: { lastUser: 'Tell me a slow story' }, reply: { text: STORY, paceMs: 25 } },
      { match: { lastUser: 'Say a lot, fast' }, reply: { text: LONG, paceMs: 0 } },
      { match: { lastUser: 'Are you back?' }, reply: { text: 'Yes, back.' } },
    ],
    // Health checks as tight as a saturated runtime makes them look: a check that times out
    // while the answer streams must not count.
    host: { supervisor: { restartDebounceMs: 50, health: { intervalMs: 1000, timeoutMs: 1000, failuresBeforeRestart: 3 } } },
  });
  events = await recordEvents(t.server, frames);
  workspaceId = (await ok(t.server, 'workspaces.add', { path: t.folders.a })).id;
});

afterAll(async () => {
  events?.close();
  await t?.dispose();
});

function received<E extends HostEventName>(type: E, sessionId?: string): HostEventPayload<E>[] {
  return frames
    .filter((frame) => frame.data.type === type)
    .map((frame) => frame.data.payload as HostEventPayload<E>)
    .filter((payload) => sessionId === undefined || (payload as { sessionId?: string }).sessionId === sessionId || (payload as { message?: { sessionId?: string } }).message?.sessionId === sessionId);
}

const indexOf = (predicate: (frame: SseFrame) => boolean): number => frames.findIndex(predicate);

// 3,000 words sent at once saturate OpenCode enough that health checks time out while they
// stream. Longer answers through the whole host sometimes stalled here (15,000 words: 0 streamed
// in 240 s in one run, all in 43 s in another; 10,000 after the kill below: 1,534 in 240 s), with
// the runtime answering its health checks meanwhile: an open question, not what this test is about.
describe('a fast answer of tens of thousands of words', () => {
  it('is never cut off for slow health checks, and arrives whole', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId });
    // The first use of the workspace may restart the runtime once to show it in the sandbox.
    await until(() => (received('runtime.status').at(-1)?.state ?? 'ready') === 'ready', 'a ready runtime', 120_000);
    const before = received('runtime.status').length;
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Say a lot, fast' });
    await until(() => received('session.status', session.id).some((payload) => payload.status.type === 'idle'), 'the answer to finish', 240_000).catch((error: Error) => {
      throw new Error(`${error.message}; ${received('text.delta', session.id).length} words arrived; runtime: ${JSON.stringify(received('runtime.status').slice(before))}; log: ${JSON.stringify(t.logs.slice(-12).map((r) => r.message))}`);
    });
    expect(received('runtime.status').slice(before).map((status) => ('reason' in status ? `${status.state}: ${status.reason}` : status.state))).toEqual([]);
    expect(received('session.error', session.id)).toEqual([]);
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    const answer = messages.find((entry) => entry.info.role === 'assistant');
    expect(answer?.info.error).toBeUndefined();
    const text = answer?.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') ?? '';
    expect(text.trim().split(/\s+/)).toHaveLength(LONG_WORDS);
    const excused = t.logs.filter((record) => record.message.includes('health check timed out while events were streaming')).length;
    // What was measured: how often a check timed out meanwhile (each would have counted toward a kill before).
    console.info(`runtime-faults: ${LONG_WORDS}-word answer; streaks of timed-out health checks excused while streaming: ${excused}`);
  });
});

describe('the runtime killed mid-answer', () => {
  it('ends the turn: an error event, the answer marked failed with the reason, idle, and the runtime back', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Tell me a slow story' });
    await until(() => received('text.delta', session.id).length >= 5, 'the answer to start streaming', 180_000);
    const status = await ok(t.server, 'runtime.status', {});
    expect(status.state).toBe('ready');
    process.kill(status.pid!, 'SIGKILL');

    await until(() => received('session.error', session.id).length > 0, 'the interrupted session to get an error', 60_000);
    const [error] = received('session.error', session.id);
    expect(error).toMatchObject({ workspaceId, sessionId: session.id, error: { name: 'RuntimeExited' } });
    expect(error?.error.message).toMatch(/exited unexpectedly \(killed by SIGKILL\)/);
    await until(() => indexOf((f) => f.data.type === 'session.status' && (f.data.payload as { sessionId?: string; status?: { type?: string } }).sessionId === session.id && (f.data.payload as { status: { type: string } }).status.type === 'idle') > indexOf((f) => f.data.type === 'session.error'), 'idle after the error', 30_000);
    const failed = received('message.updated', session.id).filter((update) => update.message.error?.name === 'RuntimeExited');
    expect(failed).toHaveLength(1);
    for (const frame of frames) expect(eventProblems(frame.data.type, frame.data.payload), frame.data.type).toBeUndefined();

    await until(async () => (await ok(t.server, 'runtime.status', {})).state === 'ready', 'the runtime to come back', 90_000);
    // The history says so too, with the text that did arrive.
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    const answer = messages.find((entry) => entry.info.role === 'assistant');
    expect(answer?.info.error).toEqual(error?.error);
    expect(answer?.info.completedAt).toBeGreaterThan(0);
    const text = answer?.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('') ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(STORY.startsWith(text.trim())).toBe(true);
    expect(text.trim().length).toBeLessThan(STORY.length);
    // And the session takes the next prompt.
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Are you back?' });
    await until(() => received('message.updated', session.id).some((update) => update.message.role === 'assistant' && update.message.completedAt !== undefined && update.message.error === undefined), 'the next answer', 60_000);
  });
});
