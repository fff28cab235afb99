// A model call that fails mid-stream and is retried by OpenCode: the transcript shows one
// answer, the retry's, as OpenCode stores it; the failed attempt's partial text does not stay
// beside it. The events are the sequence OpenCode 1.18 emits for a stream cut after a few
// words and a successful retry (recorded from the real runtime against the scripted model; the
// host test retry-history.test.ts checks that history side of it against the real runtime).
import type { HostEvent, MessageWithParts, Part } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { transcriptFromHistory } from '../src/state/transcript.js';
import { fakeHost } from './fakes.js';

const WS = 'ws_1';
const S = 'ses_retry';
const part = (id: string, kind: 'step-start' | 'step-finish' | 'text', extra: Record<string, unknown> = {}): HostEvent =>
  ({ type: 'part.updated', payload: { workspaceId: WS, part: { id, sessionId: S, messageId: 'msg_a', kind, ...extra } as Part } }) as HostEvent;
const delta = (partId: string, text: string): HostEvent => ({ type: 'text.delta', payload: { workspaceId: WS, sessionId: S, messageId: 'msg_a', partId, delta: text } });
const status = (value: Extract<HostEvent, { type: 'session.status' }>['payload']['status']): HostEvent => ({ type: 'session.status', payload: { workspaceId: WS, sessionId: S, status: value } });
const assistant = (completedAt?: number): HostEvent => ({
  type: 'message.updated',
  payload: { workspaceId: WS, message: { id: 'msg_a', sessionId: S, role: 'assistant', createdAt: 2, parentId: 'msg_u', ...(completedAt !== undefined ? { completedAt } : {}) } },
});

const FIRST_ATTEMPT: HostEvent[] = [
  { type: 'message.updated', payload: { workspaceId: WS, message: { id: 'msg_u', sessionId: S, role: 'user', createdAt: 1 } } },
  { type: 'part.updated', payload: { workspaceId: WS, part: { id: 'prt_u', sessionId: S, messageId: 'msg_u', kind: 'text', text: 'Retry me' } } },
  status({ type: 'busy' }),
  assistant(),
  part('prt_s1', 'step-start'),
  part('prt_t1', 'text', { text: '', startedAt: 3 }),
  delta('prt_t1', 'PARTIAL '),
  delta('prt_t1', 'one '),
];
const RETRY: HostEvent[] = [
  status({ type: 'retry', attempt: 1, message: 'Connection reset by server', next: 5 }),
  status({ type: 'busy' }),
  part('prt_s2', 'step-start'),
  part('prt_t2', 'text', { text: '', startedAt: 6 }),
  delta('prt_t2', 'FULL '),
  delta('prt_t2', 'answer.'),
  part('prt_t2', 'text', { text: 'FULL answer.', startedAt: 6, endedAt: 7 }),
  part('prt_f2', 'step-finish', { reason: 'stop', tokens: { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 0 }),
  assistant(8),
  status({ type: 'idle' }),
];

/** What sessions.messages returns afterwards: the failed step's text part is stored empty. */
const HISTORY: MessageWithParts[] = [
  { info: { id: 'msg_u', sessionId: S, role: 'user', createdAt: 1 }, parts: [{ id: 'prt_u', sessionId: S, messageId: 'msg_u', kind: 'text', text: 'Retry me' }] },
  {
    info: { id: 'msg_a', sessionId: S, role: 'assistant', createdAt: 2, parentId: 'msg_u', completedAt: 8 },
    parts: [
      { id: 'prt_s1', sessionId: S, messageId: 'msg_a', kind: 'step-start' },
      { id: 'prt_t1', sessionId: S, messageId: 'msg_a', kind: 'text', text: '', startedAt: 3 },
      { id: 'prt_s2', sessionId: S, messageId: 'msg_a', kind: 'step-start' },
      { id: 'prt_t2', sessionId: S, messageId: 'msg_a', kind: 'text', text: 'FULL answer.', startedAt: 6, endedAt: 7 },
      { id: 'prt_f2', sessionId: S, messageId: 'msg_a', kind: 'step-finish', reason: 'stop', tokens: { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 0 },
    ],
  },
];

async function openChat() {
  const store = createAppStore(fakeHost({ 'sessions.messages': () => ({ messages: [] }) }));
  await store.getState().actions.openSession(S);
  return store;
}

const texts = (store: Awaited<ReturnType<typeof openChat>>): string[] =>
  (store.getState().transcripts[S]?.entries ?? []).flatMap((entry) => entry.parts.flatMap((p) => (p.kind === 'text' && p.text !== '' ? [p.text] : [])));

describe('a retried model call in the transcript', () => {
  it('drops the failed attempt\'s partial text when the retry is announced, event batch by batch', async () => {
    const store = await openChat();
    store.getState().actions.ingest(FIRST_ATTEMPT);
    expect(texts(store)).toEqual(['Retry me', 'PARTIAL one ']); // streaming: shown as it comes
    store.getState().actions.ingest(RETRY.slice(0, 1));
    expect(texts(store)).toEqual(['Retry me']);
    store.getState().actions.ingest(RETRY.slice(1));
    expect(texts(store)).toEqual(['Retry me', 'FULL answer.']);
  });

  it('ends where a reload of the history ends, also when everything arrives in one batch', async () => {
    const store = await openChat();
    store.getState().actions.ingest([...FIRST_ATTEMPT, ...RETRY]);
    const live = store.getState().transcripts[S]?.entries;
    expect(live).toEqual(transcriptFromHistory(S, HISTORY).entries);
  });

  it('keeps the text of finished steps: only the step the failed call was streaming is emptied', async () => {
    const store = await openChat();
    store.getState().actions.ingest([
      ...FIRST_ATTEMPT.slice(0, 4),
      part('prt_s0', 'step-start'),
      part('prt_t0', 'text', { text: 'Let me look.', startedAt: 3 }),
      part('prt_f0', 'step-finish', { reason: 'tool-calls', tokens: { input: 1, output: 1, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 0 }),
      ...FIRST_ATTEMPT.slice(4),
      ...RETRY,
    ]);
    expect(texts(store)).toEqual(['Retry me', 'Let me look.', 'FULL answer.']);
  });

  it('leaves a finished answer alone (a retry status for a later call has nothing to drop)', async () => {
    const store = await openChat();
    store.getState().actions.ingest([...FIRST_ATTEMPT.slice(0, 4), part('prt_t0', 'text', { text: 'Done.' }), assistant(9)]);
    store.getState().actions.ingest([status({ type: 'retry', attempt: 1, message: 'x', next: 10 })]);
    expect(texts(store)).toEqual(['Retry me', 'Done.']);
  });
});
