// The normalizer on what OpenCode 1.18.33 really sends (fixtures captured by capture-fixtures.ts).

import { describe, expect, it } from 'vitest';
import { EventNormalizer, RUNTIME_EVENT_TYPES, unwrapRawEvent, type RuntimeEvent } from '../../src/events/index.js';
import { FIXTURE_DIRECTORY, loadFixture, normalizeAll, normalizeFixture, ofType } from './fixtures.js';

const typesOf = (events: readonly RuntimeEvent[]) => events.map((event) => event.type);

function statusesOf(events: readonly RuntimeEvent[]): string[] {
  return ofType(events, 'session.status').map((event) => (event.status.type === 'retry' ? `retry#${event.status.attempt}` : event.status.type));
}

function textOf(events: readonly RuntimeEvent[], type: 'text.delta' | 'reasoning.delta' = 'text.delta'): string {
  return ofType(events, type)
    .map((event) => event.delta)
    .join('');
}

describe('a plain text prompt', () => {
  const events = normalizeFixture('text-prompt');

  it('keeps only the event types the app uses, every one stamped with the workspace folder', () => {
    for (const event of events) {
      expect(RUNTIME_EVENT_TYPES).toContain(event.type);
      expect(event.directory).toBe(FIXTURE_DIRECTORY);
    }
    const raw = loadFixture('text-prompt').map((event) => (event as { type: string }).type);
    expect(raw).toEqual(expect.arrayContaining(['plugin.added', 'session.diff', 'session.idle']));
  });

  it('announces the session, then its new title', () => {
    const [created] = ofType(events, 'session.created');
    expect(created?.session).toMatchObject({ directory: FIXTURE_DIRECTORY, title: expect.stringMatching(/^New session/) });
    const titles = ofType(events, 'session.updated').map((event) => event.session.title);
    expect(titles.at(-1)).toBe('Say hello');
  });

  it('reports busy once and idle once, although OpenCode repeats both', () => {
    expect(statusesOf(events)).toEqual(['busy', 'idle']);
    expect(loadFixture('text-prompt').filter((raw) => (raw as { type: string }).type === 'session.status').length).toBeGreaterThan(2);
  });

  it('streams the answer as text deltas that add up to the final text part', () => {
    expect(textOf(events)).toBe('Hello from the model.');
    const texts = ofType(events, 'part.updated').flatMap((event) => (event.part.kind === 'text' ? [event.part.text] : []));
    expect(texts).toEqual(['Say hello', '', 'Hello from the model.']);
    const [delta] = ofType(events, 'text.delta');
    expect(delta).toMatchObject({ sessionId: expect.stringMatching(/^ses_/), messageId: expect.stringMatching(/^msg_/), partId: expect.stringMatching(/^prt_/) });
  });

  it('reports steps as parts and the finished assistant message with model, tokens and finish reason', () => {
    const kinds = ofType(events, 'part.updated').map((event) => event.part.kind);
    expect(kinds).toEqual(['text', 'step-start', 'text', 'text', 'step-finish']);
    const assistant = ofType(events, 'message.updated')
      .map((event) => event.message)
      .filter((message) => message.role === 'assistant');
    expect(assistant.at(-1)).toMatchObject({
      model: 'scripted/scripted-1',
      finish: 'stop',
      completedAt: expect.any(Number),
      tokens: { input: expect.any(Number), output: expect.any(Number), reasoning: 0, cacheRead: 0, cacheWrite: 0 },
    });
    expect(assistant.at(-1)?.error).toBeUndefined();
    expect(assistant[0]?.completedAt).toBeUndefined();
    expect(assistant[0]?.tokens).toBeUndefined();
  });

  it('drops messages re-sent unchanged', () => {
    const user = ofType(events, 'message.updated').filter((event) => event.message.role === 'user');
    expect(user).toHaveLength(1);
    expect(user[0]?.message).toMatchObject({ role: 'user', agent: 'build', model: 'scripted/scripted-1' });
  });

  it('reads the global stream ({ directory, payload } envelopes, sync echoes) the same way', () => {
    const global = normalizeFixture('global-text-prompt', {});
    expect(typesOf(global)).toEqual(typesOf(events));
    for (const event of global) expect(event.directory).toBe(FIXTURE_DIRECTORY);
  });
});

describe('a tool call that needs permission', () => {
  it('allowed: one permission request, then the tool goes pending → running → completed', () => {
    const events = normalizeFixture('permission-allow');
    const [asked, ...more] = ofType(events, 'permission.asked');
    expect(more).toHaveLength(0);
    expect(asked?.request).toMatchObject({
      id: expect.stringMatching(/^per_/),
      permission: 'bash',
      patterns: ['echo hi'],
      always: ['echo *'],
      metadata: { command: 'echo hi' },
      tool: { messageId: expect.stringMatching(/^msg_/), callId: expect.any(String) },
    });
    expect(ofType(events, 'permission.replied')).toEqual([
      { type: 'permission.replied', sessionId: asked?.request.sessionId, requestId: asked?.request.id, reply: 'once', directory: FIXTURE_DIRECTORY },
    ]);

    const tool = ofType(events, 'tool.state');
    expect(tool.map((event) => event.state.status)).toEqual(['pending', 'running', 'completed']);
    expect(tool.every((event) => event.tool === 'bash' && event.callId === asked?.request.tool?.callId)).toBe(true);
    expect(tool[1]?.state.input).toEqual({ command: 'echo hi', description: 'Print hi' });
    expect(tool[2]?.state).toMatchObject({ status: 'completed', title: 'echo hi', output: 'hi\n', startedAt: expect.any(Number), endedAt: expect.any(Number) });
    // OpenCode re-sent the running part for each chunk of output; those are not state changes.
    const rawToolUpdates = loadFixture('permission-allow').filter((raw) => JSON.stringify(raw).includes('"type":"tool"'));
    expect(rawToolUpdates.length).toBeGreaterThan(tool.length);
    expect(textOf(events)).toBe('The command printed hi.');
  });

  it('rejected: the tool call ends in error and the session goes idle', () => {
    const events = normalizeFixture('permission-reject');
    expect(ofType(events, 'permission.replied').map((event) => event.reply)).toEqual(['reject']);
    const tool = ofType(events, 'tool.state');
    expect(tool.map((event) => event.state.status)).toEqual(['pending', 'running', 'error']);
    expect(tool.at(-1)?.state.error).toMatch(/rejected permission/);
    expect(statusesOf(events)).toEqual(['busy', 'idle']);
  });

  it('announces a permission request once, however often OpenCode re-sends it', () => {
    const raws = loadFixture('permission-allow');
    const index = raws.findIndex((raw) => (raw as { type: string }).type === 'permission.asked');
    const asked = raws[index];
    const replayed = [...raws.slice(0, index + 1), asked, ...raws.slice(index + 1), asked];
    const events = normalizeAll(replayed);
    expect(ofType(events, 'permission.asked')).toHaveLength(1);
    expect(typesOf(events)).toEqual(typesOf(normalizeFixture('permission-allow')));
  });

  it('the same over the global stream', () => {
    const events = normalizeFixture('global-permission-allow', {});
    expect(ofType(events, 'permission.asked')).toHaveLength(1);
    expect(ofType(events, 'tool.state').map((event) => event.state.status)).toEqual(['pending', 'running', 'completed']);
  });
});

describe('failures', () => {
  it('abort mid-stream: a MessageAbortedError session error, the partial text, the failed message', () => {
    const events = normalizeFixture('abort');
    expect(ofType(events, 'session.error')).toEqual([
      { type: 'session.error', sessionId: expect.stringMatching(/^ses_/), error: { name: 'MessageAbortedError', message: 'Aborted' }, directory: FIXTURE_DIRECTORY },
    ]);
    expect(textOf(events)).toBe('Partial ');
    const failed = ofType(events, 'message.updated').find((event) => event.message.error);
    expect(failed?.message).toMatchObject({ role: 'assistant', error: { name: 'MessageAbortedError', message: 'Aborted' } });
    expect(statusesOf(events)).toEqual(['busy', 'idle']);
  });

  it('a model 500 is retried: retry statuses with attempt, message and next time', () => {
    const events = normalizeFixture('model-error-500');
    expect(statusesOf(events)).toEqual(['busy', 'retry#1', 'busy', 'retry#2', 'idle']);
    const retry = ofType(events, 'session.status').find((event) => event.status.type === 'retry');
    expect(retry?.status).toEqual({ type: 'retry', attempt: 1, message: 'Internal server error (scripted)', next: expect.any(Number) });
    expect(ofType(events, 'session.error')).toHaveLength(0);
  });

  it('a model 400 is not retried: APIError with status, on the session and on the message', () => {
    const events = normalizeFixture('model-error-400');
    const expected = { name: 'APIError', message: 'Bad request (scripted)', statusCode: 400, retryable: false };
    expect(ofType(events, 'session.error').map((event) => event.error)).toEqual([expected]);
    expect(ofType(events, 'message.updated').find((event) => event.message.error)?.message.error).toEqual(expected);
    expect(statusesOf(events)).toEqual(['busy', 'idle']);
  });
});

describe('compaction', () => {
  it('a manual summarize: compaction part, summary message, session.compacted', () => {
    const events = normalizeFixture('summarize');
    const compaction = ofType(events, 'part.updated').find((event) => event.part.kind === 'compaction');
    expect(compaction?.part).toMatchObject({ kind: 'compaction', auto: false });
    const summary = ofType(events, 'message.updated').filter((event) => event.message.summary);
    expect(summary.at(-1)?.message).toMatchObject({ role: 'assistant', summary: true, finish: 'stop' });
    expect(ofType(events, 'session.compacted')).toHaveLength(1);
    expect(typesOf(events).lastIndexOf('session.compacted')).toBeGreaterThan(typesOf(events).indexOf('text.delta'));
    expect(textOf(events)).toBe('First answer.Summary: the user asked one question.');
  });
});

describe('questions', () => {
  it('asked and answered', () => {
    const events = normalizeFixture('question');
    const [asked, ...more] = ofType(events, 'question.asked');
    expect(more).toHaveLength(0);
    expect(asked?.request.questions).toEqual([
      { question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'Warm' }, { label: 'Blue', description: 'Cool' }] },
    ]);
    expect(asked?.request.tool?.callId).toBeDefined();
    expect(ofType(events, 'question.replied').map((event) => event.answers)).toEqual([[['Blue']]]);
    expect(ofType(events, 'tool.state').map((event) => `${event.tool}:${event.state.status}`)).toEqual(['question:pending', 'question:running', 'question:completed']);
  });

  it('asked and dismissed', () => {
    const events = normalizeFixture('question-reject');
    const [asked] = ofType(events, 'question.asked');
    expect(ofType(events, 'question.rejected')).toEqual([
      { type: 'question.rejected', sessionId: asked?.request.sessionId, requestId: asked?.request.id, directory: FIXTURE_DIRECTORY },
    ]);
    expect(ofType(events, 'tool.state').at(-1)?.state).toMatchObject({ status: 'error', error: 'The user dismissed this question' });
  });

  it('drops a request without questions: nobody could answer it', () => {
    const normalizer = new EventNormalizer({ directory: FIXTURE_DIRECTORY });
    const empty = { type: 'question.asked', properties: { id: 'que_empty', sessionID: 'ses_1', questions: [] } };
    expect(normalizer.normalize(empty)).toEqual([]);
  });
});

describe('edge cases', () => {
  it('labels deltas of reasoning parts as reasoning', () => {
    // The scripted model sends no reasoning; turn the answer's text part into one.
    const raws = loadFixture('text-prompt') as { type: string; properties: { part?: { type: string; text?: string } } }[];
    const answer = raws.find((raw) => raw.type === 'message.part.updated' && raw.properties.part?.type === 'text' && raw.properties.part.text === '');
    const idOf = (part: unknown) => (part as { id?: string } | undefined)?.id;
    const partId = idOf(answer?.properties.part);
    const changed = raws.map((raw) =>
      raw.type === 'message.part.updated' && idOf(raw.properties.part) === partId
        ? { ...raw, properties: { ...raw.properties, part: { ...raw.properties.part, type: 'reasoning', time: { start: 1 } } } }
        : raw,
    );
    const events = normalizeAll(changed);
    expect(textOf(events, 'reasoning.delta')).toBe('Hello from the model.');
    expect(textOf(events)).toBe('');
    expect(ofType(events, 'part.updated').filter((event) => event.part.kind === 'reasoning')).toHaveLength(2);
  });

  it('ignores what is not an OpenCode event', () => {
    const normalizer = new EventNormalizer();
    for (const raw of [null, undefined, 42, 'text', {}, { payload: 'x' }, { payload: {} }, { directory: 'x', payload: { type: 'sync', syncEvent: {} } }]) {
      expect(normalizer.normalize(raw)).toEqual([]);
    }
    expect(unwrapRawEvent({ directory: 'global', payload: { type: 'server.connected', properties: {} } })).toEqual({ event: { type: 'server.connected', properties: {} } });
  });

  it('without a directory, events carry none (unless the event names its own)', () => {
    const events = normalizeFixture('text-prompt', {});
    expect(events.filter((event) => event.directory !== undefined).map((event) => event.type)).toEqual(
      expect.arrayContaining(['session.created']),
    );
    expect(ofType(events, 'text.delta').every((event) => event.directory === undefined)).toBe(true);
  });

  it('keeps working with a tiny memory (oldest ids forgotten)', () => {
    const events = normalizeFixture('permission-allow', { directory: FIXTURE_DIRECTORY, memory: 1 });
    expect(ofType(events, 'permission.asked')).toHaveLength(1);
    expect(textOf(events)).toBe('The command printed hi.');
  });

  it('reset() forgets announced requests', () => {
    const asked = loadFixture('permission-allow').find((raw) => (raw as { type: string }).type === 'permission.asked');
    const normalizer = new EventNormalizer();
    expect(normalizer.normalize(asked)).toHaveLength(1);
    expect(normalizer.normalize(asked)).toHaveLength(0);
    normalizer.reset();
    expect(normalizer.normalize(asked)).toHaveLength(1);
  });
});
