// The host's own methods end to end: HTTP with the contract's validators (every result checked
// against its schema), SSE, the real runtime and the scripted model. One host for the file;
// the tests share its two workspaces and run in order.
import { HOST_METHOD_NAMES, type HostEventName, type HostEventPayload } from '@open-cowork/contracts';
import type { Conversation, ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseFrame } from '../transport/helpers.js';
import { call, eventProblems, ok, recordEvents, startTestHost, until, type EventRecording, type TestHost } from './support.js';

const STORY = 'Once upon a time a scripted model streamed this sentence one word at a time.';
const toolOutput = (conversation: Conversation): string => conversation.toolResults.map((result) => result.content).join(' ').trim();

const RULES: ScriptRule[] = [
  { match: { lastUser: 'Tell me a story' }, reply: { text: STORY, paceMs: 5 } },
  { match: { lastUser: 'Where are you?', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'pwd', description: 'Print the folder' } }] } },
  { match: { lastUser: 'Where are you?', hasToolResults: true }, reply: (conversation) => ({ text: `I am in ${toolOutput(conversation)}` }) },
  {
    match: { lastUser: 'Pick a colour', hasToolResults: false },
    reply: {
      toolCalls: [
        {
          name: 'question',
          arguments: { questions: [{ question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'Warm' }, { label: 'Blue', description: 'Cool' }] }] },
        },
      ],
    },
  },
  { match: { lastUser: 'Pick a colour', hasToolResults: true }, reply: (conversation) => ({ text: `Noted: ${toolOutput(conversation)}` }) },
];

let t: TestHost;
let events: EventRecording;
const frames: SseFrame[] = [];
const workspace = { a: '', b: '' };

beforeAll(async () => {
  // The user's layer lowers the web ceiling, so a settings choice above it can be refused.
  t = await startTestHost({ rules: RULES, userConfig: { permissions: { web: 'ask' } } });
  events = await recordEvents(t.server, frames);
}, 60_000);

afterAll(async () => {
  events?.close();
  await t?.dispose();
});

type Payload<E extends HostEventName> = HostEventPayload<E>;

/** Events of one type (and session) received so far. */
function received<E extends HostEventName>(type: E, sessionId?: string): Payload<E>[] {
  return frames
    .filter((frame) => frame.data.type === type)
    .map((frame) => frame.data.payload as Payload<E>)
    .filter((payload) => sessionId === undefined || sessionOf(payload) === sessionId);
}

function sessionOf(payload: unknown): string | undefined {
  const record = payload as { sessionId?: string; session?: { id: string }; message?: { sessionId: string }; part?: { sessionId: string }; request?: { sessionId: string } };
  return record.sessionId ?? record.session?.id ?? record.message?.sessionId ?? record.part?.sessionId ?? record.request?.sessionId;
}

async function next<E extends HostEventName>(type: E, sessionId: string, after = 0): Promise<Payload<E>> {
  await until(() => received(type, sessionId).length > after, `${type} for ${sessionId}`);
  return received(type, sessionId)[after]!;
}

/** Waits for the session to go idle after a prompt (the n-th idle since the session began). */
async function idle(sessionId: string, count = 1): Promise<void> {
  await until(() => received('session.status', sessionId).filter((payload) => payload.status.type === 'idle').length >= count, `session ${sessionId} to go idle`);
}

async function lastAnswer(sessionId: string): Promise<string> {
  const { messages } = await ok(t.server, 'sessions.messages', { sessionId });
  const last = messages.filter((message) => message.info.role === 'assistant').at(-1);
  return (last?.parts ?? []).flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('');
}

describe('app and runtime', () => {
  it('app.info tells the public branding, strings and features', async () => {
    const info = await ok(t.server, 'app.info', {});
    expect(info).toMatchObject({ name: 'Open Cowork', contractVersion: 1, branding: { name: 'Open Cowork', productName: 'Open Cowork' }, i18n: { locale: 'en-US' } });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.features).toEqual({ updates: true, telemetry: false, webSearch: true, signIn: false });
  });

  it('serves every contract method; the catalog methods answer with valid results', async () => {
    expect(t.host.dispatcher.methods().sort()).toEqual([...HOST_METHOD_NAMES].sort());
    expect((await ok(t.server, 'providers.list', {})).providers.map((provider) => provider.id)).toContain('scripted');
    expect((await ok(t.server, 'agents.list', {})).agents.length).toBeGreaterThan(0);
    expect(await ok(t.server, 'capabilities.list', {})).toMatchObject({ tools: expect.any(Array), skills: expect.any(Array), mcps: expect.any(Array) });
    // No runner was started for this data dir.
    expect(await ok(t.server, 'app.runner', {})).toEqual({ running: false });
  });

  it('runtime.status is ready', async () => {
    expect(await ok(t.server, 'runtime.status', {})).toMatchObject({ state: 'ready', pid: expect.any(Number) });
  });
});

describe('workspaces', () => {
  it('adds, lists and removes folders; refuses a folder twice and one that does not exist', async () => {
    workspace.a = (await ok(t.server, 'workspaces.add', { path: t.folders.a, name: 'Alpha' })).id;
    workspace.b = (await ok(t.server, 'workspaces.add', { path: t.folders.b })).id;
    const { workspaces } = await ok(t.server, 'workspaces.list', {});
    expect(workspaces).toEqual([
      { id: workspace.a, name: 'Alpha', path: t.folders.a, addedAt: expect.any(Number), trust: expect.objectContaining({ trusted: false, blocked: false }) },
      { id: workspace.b, name: 'ws-b', path: t.folders.b, addedAt: expect.any(Number), trust: expect.objectContaining({ trusted: false, blocked: false }) },
    ]);

    const twice = await call(t.server, 'workspaces.add', { path: `${t.folders.a}/` });
    expect(twice.status).toBe(409);
    expect(twice.error).toMatchObject({ code: 'CONFLICT', data: { id: workspace.a } });
    const missing = await call(t.server, 'workspaces.add', { path: `${t.folders.a}-nope` });
    expect(missing.status).toBe(400);
    expect(missing.error).toMatchObject({ code: 'BAD_REQUEST', data: { pointer: '/path' } });

    const extra = await ok(t.server, 'workspaces.add', { path: t.dataDir });
    expect(await ok(t.server, 'workspaces.remove', { id: extra.id })).toEqual({ removed: true });
    expect(await ok(t.server, 'workspaces.remove', { id: extra.id })).toEqual({ removed: false });
    expect((await ok(t.server, 'workspaces.list', {})).workspaces.map((entry) => entry.id)).toEqual([workspace.a, workspace.b]);
  });
});

describe('sessions', () => {
  it('are created in their workspace, read, renamed, listed and deleted', async () => {
    const created = await ok(t.server, 'sessions.create', { workspaceId: workspace.a, title: 'First' });
    expect(created).toMatchObject({ workspaceId: workspace.a, directory: t.folders.a, title: 'First' });
    expect(await ok(t.server, 'sessions.get', { sessionId: created.id })).toMatchObject({ id: created.id, workspaceId: workspace.a });
    expect(await ok(t.server, 'sessions.rename', { sessionId: created.id, title: 'Renamed' })).toMatchObject({ id: created.id, title: 'Renamed' });
    expect(await ok(t.server, 'sessions.messages', { sessionId: created.id })).toEqual({ messages: [] });
    expect(await ok(t.server, 'sessions.abort', { sessionId: created.id })).toEqual({ ok: true });

    const listed = await ok(t.server, 'sessions.list', { workspaceId: workspace.a });
    expect(listed.sessions.map((session) => session.id)).toContain(created.id);
    expect(listed.sessions.every((session) => session.workspaceId === workspace.a && session.directory === t.folders.a)).toBe(true);

    expect(await ok(t.server, 'sessions.delete', { sessionId: created.id })).toEqual({ deleted: true });
    const gone = await call(t.server, 'sessions.get', { sessionId: created.id });
    expect(gone.status).toBe(404);
    expect(gone.error).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'session', id: created.id } });
  });

  it('answer NOT_FOUND for an unknown session or workspace', async () => {
    for (const method of ['sessions.get', 'sessions.messages', 'sessions.abort', 'sessions.delete'] as const) {
      const answer = await call(t.server, method, { sessionId: 'ses_unknown' });
      expect(answer.status, method).toBe(404);
      expect(answer.error, method).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'session', id: 'ses_unknown' } });
    }
    const prompt = await call(t.server, 'sessions.prompt', { sessionId: 'ses_unknown', text: 'hi' });
    expect(prompt.error).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'session' } });
    const list = await call(t.server, 'sessions.list', { workspaceId: 'ws_unknown' });
    expect(list.status).toBe(404);
    expect(list.error).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'workspace', id: 'ws_unknown' } });
    expect((await call(t.server, 'sessions.create', { workspaceId: 'ws_unknown' })).error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a prompt streams over /api/events in order, with the workspace, and the deltas add up to the answer', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.a });
    const firstFrame = frames.length;
    expect(await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Tell me a story' })).toEqual({ accepted: true });
    await idle(session.id);

    const mine = frames.slice(firstFrame).filter((frame) => sessionOf(frame.data.payload) === session.id);
    const ids = mine.map((frame) => Number(frame.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    for (const frame of mine) {
      expect(frame.event).toBe(frame.data.type);
      expect((frame.data.payload as { workspaceId?: string }).workspaceId, frame.data.type).toBe(workspace.a);
      expect(eventProblems(frame.data.type, frame.data.payload), frame.data.type).toBeUndefined();
    }
    const types = mine.map((frame) => frame.data.type);
    const idleAt = mine.findIndex((frame) => frame.data.type === 'session.status' && (frame.data.payload as Payload<'session.status'>).status.type === 'idle');
    expect(types.indexOf('session.status')).toBeLessThan(types.indexOf('text.delta'));
    expect(types.lastIndexOf('text.delta')).toBeLessThan(idleAt);
    const deltas = received('text.delta', session.id).map((payload) => payload.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(STORY);
    expect(await lastAnswer(session.id)).toBe(STORY);
  });

  it('summarize without a model compacts the history with the configured model', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.a });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Tell me a story' });
    await idle(session.id);
    expect(await ok(t.server, 'sessions.summarize', { sessionId: session.id })).toEqual({ ok: true });
    await next('session.compacted', session.id);
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    expect(messages.some((message) => message.info.summary === true && message.info.model === 'scripted/scripted-1')).toBe(true);
  });
});

describe('approvals', () => {
  it('a bash call waits for permission: the event, then permissions.list, then "once" lets the session finish', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.a });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    const { request } = await next('permission.asked', session.id);
    expect(request).toMatchObject({ sessionId: session.id, workspaceId: workspace.a, permission: 'bash', patterns: ['pwd'] });

    expect((await ok(t.server, 'permissions.list', {})).requests).toEqual([request]);
    expect((await ok(t.server, 'permissions.list', { workspaceId: workspace.a })).requests).toEqual([request]);
    expect((await ok(t.server, 'permissions.list', { workspaceId: workspace.b })).requests).toEqual([]);

    expect(await ok(t.server, 'permissions.reply', { requestId: request.id, reply: 'once' })).toEqual({ ok: true });
    await idle(session.id);
    expect(await next('permission.replied', session.id)).toMatchObject({ workspaceId: workspace.a, requestId: request.id, reply: 'once' });
    expect(await lastAnswer(session.id)).toBe(`I am in ${t.folders.a}`);
    expect((await ok(t.server, 'permissions.list', {})).requests).toEqual([]);
    const again = await call(t.server, 'permissions.reply', { requestId: request.id, reply: 'once' });
    expect(again.error).toMatchObject({ code: 'NOT_FOUND', data: { kind: 'permission', id: request.id } });
  });

  it('"reject" refuses the call; the agent hears why and the session still finishes', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.a });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    const { request } = await next('permission.asked', session.id);
    await ok(t.server, 'permissions.reply', { requestId: request.id, reply: 'reject', message: 'Not in this folder, please' });
    await idle(session.id);
    const calls = received('tool.state', session.id);
    expect(calls.at(-1)?.state).toMatchObject({ status: 'error' });
    expect(await lastAnswer(session.id)).not.toContain(t.folders.a);
  });

  it('a question waits for an answer: questions.list shows it, questions.reply answers it', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.b });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Pick a colour' });
    const { request } = await next('question.asked', session.id);
    expect(request).toMatchObject({ workspaceId: workspace.b, questions: [{ question: 'Which colour?', header: 'Colour' }] });
    expect((await ok(t.server, 'questions.list', {})).requests).toEqual([request]);
    expect((await ok(t.server, 'questions.list', { workspaceId: workspace.a })).requests).toEqual([]);

    await ok(t.server, 'questions.reply', { requestId: request.id, answers: [['Blue']] });
    await idle(session.id);
    expect(await next('question.replied', session.id)).toMatchObject({ requestId: request.id, answers: [['Blue']] });
    expect(await lastAnswer(session.id)).toContain('"Which colour?"="Blue"');
  });

  it('questions.reject declines; the session carries on', async () => {
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.b });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Pick a colour' });
    const { request } = await next('question.asked', session.id);
    await ok(t.server, 'questions.reject', { requestId: request.id });
    await idle(session.id);
    expect(await next('question.rejected', session.id)).toMatchObject({ workspaceId: workspace.b, requestId: request.id });
    expect((await call(t.server, 'questions.reply', { requestId: request.id, answers: [['Red']] })).error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('two workspaces on one runtime', () => {
  it('each session works in its own folder and each list shows only its own sessions', async () => {
    const inA = await ok(t.server, 'sessions.create', { workspaceId: workspace.a, title: 'In A' });
    const inB = await ok(t.server, 'sessions.create', { workspaceId: workspace.b, title: 'In B' });
    expect(inB).toMatchObject({ workspaceId: workspace.b, directory: t.folders.b });
    for (const session of [inA, inB]) await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    for (const session of [inA, inB]) {
      const { request } = await next('permission.asked', session.id);
      await ok(t.server, 'permissions.reply', { requestId: request.id, reply: 'once' });
    }
    await idle(inA.id);
    await idle(inB.id);
    expect(await lastAnswer(inA.id)).toBe(`I am in ${t.folders.a}`);
    expect(await lastAnswer(inB.id)).toBe(`I am in ${t.folders.b}`);

    const listA = (await ok(t.server, 'sessions.list', { workspaceId: workspace.a })).sessions.map((session) => session.id);
    const listB = (await ok(t.server, 'sessions.list', { workspaceId: workspace.b })).sessions.map((session) => session.id);
    expect(listA).toContain(inA.id);
    expect(listA).not.toContain(inB.id);
    expect(listB).toContain(inB.id);
    expect(listB).not.toContain(inA.id);
    expect((await ok(t.server, 'sessions.list', { workspaceId: workspace.b, limit: 1 })).sessions).toHaveLength(1);
  });
});

describe('settings', () => {
  it('settings.get shows the choices and the config maxima', async () => {
    const settings = await ok(t.server, 'settings.get', {});
    expect(settings.permissions).toEqual({ bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' });
    expect(settings.permissionCeilings).toMatchObject({ bash: 'allow', web: 'ask' });
  });

  it('a choice above the config maximum is refused with 403 PERMISSION_CEILING, and nothing changes', async () => {
    const refused = await call(t.server, 'settings.set', { patch: { permissions: { web: 'allow' }, appearance: 'dark' } });
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'PERMISSION_CEILING', data: { capability: 'web', requested: 'allow', ceiling: 'ask' } });
    expect((await ok(t.server, 'settings.get', {})).appearance).toBe('system');
  });

  it('a change the runtime is built from reloads it once, in place; other changes do not', async () => {
    const statuses = () => received('runtime.status').map((status) => status.state);
    const before = statuses().length;
    const running = await ok(t.server, 'runtime.status', {});
    const changed = await ok(t.server, 'settings.set', { patch: { permissions: { bash: 'allow' } } });
    expect(changed.permissions.bash).toBe('allow');
    await until(() => statuses().slice(before).includes('ready'), 'the runtime to take the change');
    await ok(t.server, 'settings.set', { patch: { appearance: 'dark', language: 'de' } });
    // Longer than the reload and restart debounces, so a reload it caused would have begun.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The same process, ready throughout, with a new `since`.
    expect(statuses().slice(before)).toEqual(['ready']);
    const after = await ok(t.server, 'runtime.status', {});
    expect(after.pid).toBe(running.pid);
    expect(after.since ?? 0).toBeGreaterThan(running.since ?? 0);

    // The runtime runs bash without asking now.
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.b });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Where are you?' });
    await idle(session.id);
    expect(received('permission.asked', session.id)).toEqual([]);
    expect(await lastAnswer(session.id)).toBe(`I am in ${t.folders.b}`);
  });

  it('runtime.restart answers once the restart began; the runtime comes back', async () => {
    const before = received('runtime.status').length;
    expect(await ok(t.server, 'runtime.restart', {})).toMatchObject({ state: 'restarting' });
    await until(() => received('runtime.status').slice(before).some((status) => status.state === 'ready'), 'the runtime to come back');
    expect(await ok(t.server, 'runtime.status', {})).toMatchObject({ state: 'ready' });
    expect(t.serverErrors).toEqual([]);
  });
});

describe('custom agents', () => {
  it('a saved agent reaches the runtime after the restart the save asks for', async () => {
    const before = received('runtime.status').length;
    await ok(t.server, 'agents.save', { agent: { name: 'note-taker', description: 'Takes notes.', instructions: 'Write short notes.', mode: 'primary' } });
    await until(() => received('runtime.status').slice(before).some((status) => status.state === 'ready'), 'the runtime to restart');
    const session = await ok(t.server, 'sessions.create', { workspaceId: workspace.a });
    await ok(t.server, 'sessions.prompt', { sessionId: session.id, text: 'Tell me a story', agent: 'note-taker' });
    await idle(session.id);
    const { messages } = await ok(t.server, 'sessions.messages', { sessionId: session.id });
    expect(messages.map((message) => message.info.agent)).toEqual(['note-taker', 'note-taker']);
  });
});
