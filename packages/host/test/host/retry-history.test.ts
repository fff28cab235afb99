// What OpenCode keeps of a model call that fails mid-stream and is retried, through the host
// with the real runtime: the failed attempt's words stream to clients as text deltas before the
// retry is announced, but the history stores that attempt's text part empty and the retry as a
// new step. The renderer's transcript relies on exactly this (packages/app
// retry-partial-text.test.ts): it empties the unfinished step when `retry` arrives.
import type { HostEventPayload, Part } from '@open-cowork/contracts';
import type { ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestHost, until, type TestHost } from './support.js';

const PARTIAL = 'PARTIAL_WORDS one two three four five six seven eight nine ten';
const FULL = 'The whole answer, from the retried call.';
// Paced, so that OpenCode streams the first words before the cut.
const CUT = { fault: { type: 'cut', afterChunks: 8, text: PARTIAL }, paceMs: 150 } as const;
const RULES: ScriptRule[] = [
  { match: { lastUser: 'Answer after a cut' }, times: 1, reply: CUT },
  { match: { lastUser: 'Answer after a cut' }, reply: { text: FULL } },
];

describe('a model call cut mid-stream, then retried', () => {
  let t: TestHost;
  const events: { type: string; payload: unknown }[] = [];

  beforeAll(async () => {
    t = await startTestHost({ rules: RULES });
    t.host.events.subscribe((type, payload) => events.push({ type, payload }));
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('streams the partial words, announces the retry, and stores one answer with the failed step emptied', async () => {
    const workspace = await ok(t.server, 'workspaces.add', { path: t.folders.a });
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.id });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Answer after a cut' });
    const idle = () =>
      events.some((e) => e.type === 'session.status' && (e.payload as HostEventPayload<'session.status'>).sessionId === session.id && (e.payload as HostEventPayload<'session.status'>).status.type === 'idle');
    await until(idle, 'the retried answer', 60_000);

    const ofSession = events.filter((e) => (e.payload as { sessionId?: string }).sessionId === session.id);
    const retryAt = ofSession.findIndex((e) => e.type === 'session.status' && (e.payload as HostEventPayload<'session.status'>).status.type === 'retry');
    expect(retryAt).toBeGreaterThan(0);
    const before = ofSession.slice(0, retryAt).flatMap((e) => (e.type === 'text.delta' ? [(e.payload as HostEventPayload<'text.delta'>).delta] : [])).join('');
    expect(before).toContain('PARTIAL_WORDS'); // the live stream did show the failed attempt's words
    expect(t.model.requests.filter((r) => r.lastUserText === 'Answer after a cut' && !r.isTitleRequest)).toHaveLength(2);

    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    const answers = messages.filter((m) => m.info.role === 'assistant');
    expect(answers).toHaveLength(1); // one answer, not one per attempt
    const parts = answers[0]!.parts;
    const kinds = parts.map((p: Part) => (p.kind === 'text' ? `text:${p.text}` : p.kind));
    expect(kinds).toEqual(['step-start', 'text:', 'step-start', `text:${FULL}`, 'step-finish']);
    expect(JSON.stringify(messages)).not.toContain('PARTIAL_WORDS');
  }, 90_000);
});
