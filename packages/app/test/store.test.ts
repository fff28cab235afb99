import type { AppInfo, AuthStatus, HostEvent, Message, QuestionRequest, Session, SessionsMessagesResult } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../src/state/store.js';
import { fakeHost } from './fakes.js';

const WS = 'ws_1';
const session = (id: string, updatedAt = 1, extra: Partial<Session> = {}): Session => ({
  id,
  workspaceId: WS,
  title: `Chat ${id}`,
  directory: '/w',
  createdAt: 1,
  updatedAt,
  ...extra,
});
const message = (id: string, sessionId: string, role: 'user' | 'assistant', createdAt: number, extra: Partial<Message> = {}): Message => ({
  id,
  sessionId,
  role,
  createdAt,
  ...extra,
});
const APP: AppInfo = {
  name: 'Open Cowork',
  version: '0.1.0',
  contractVersion: 1,
  branding: { name: 'Open Cowork', productName: 'Open Cowork' },
  i18n: { locale: 'en-US', strings: {} },
  features: { updates: false, telemetry: false, webSearch: true, signIn: false },
    toolTrace: { additionalRules: [] },
};

function hostWith(history: SessionsMessagesResult = { messages: [] }) {
  let created = 0;
  return fakeHost({
    'app.info': () => APP,
    'runtime.status': () => ({ state: 'ready' }),
    'workspaces.list': () => ({ workspaces: [{ id: WS, name: 'w', path: '/w', addedAt: 1 }] }),
    'settings.get': () => ({
      permissions: { bash: 'ask', fileWrite: 'ask', task: 'ask', web: 'ask' },
      permissionCeilings: { bash: 'allow', fileWrite: 'allow', task: 'allow', web: 'allow', webSearch: true },
      webSearch: true,
      appearance: 'system',
    }),
    'providers.list': () => ({ providers: [], defaultModel: 'openrouter/x' }),
    'sessions.list': () => ({ sessions: [session('ses_a', 5), session('ses_b', 9)], statuses: { ses_b: { type: 'busy' }, ses_a: { type: 'idle' } } }),
    'permissions.list': () => ({ requests: [] }),
    'questions.list': () => ({ requests: [] }),
    'sessions.create': () => session(`ses_new${++created}`, 100),
    'sessions.prompt': () => ({ accepted: true }),
    'sessions.messages': () => history,
    'sessions.delete': () => ({ deleted: true }),
    'permissions.reply': () => ({ ok: true }),
  });
}

const delta = (sessionId: string, messageId: string, partId: string, text: string): HostEvent => ({
  type: 'text.delta',
  payload: { workspaceId: WS, sessionId, messageId, partId, delta: text },
});

describe('app store', () => {
  it('boots: app info, runtime, workspaces, settings, providers, sessions and requests', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    const s = store.getState();
    expect(s.boot.phase).toBe('ready');
    expect(s.info?.name).toBe('Open Cowork');
    expect(s.runtime).toEqual({ state: 'ready' });
    expect(Object.keys(s.sessions.byId).sort()).toEqual(['ses_a', 'ses_b']);
    expect(s.sessions.statuses).toEqual({ ses_b: { type: 'busy' } });
    expect(s.providers.defaultModel).toBe('openrouter/x');
  });

  it('reports a failed boot with the host error', async () => {
    const store = createAppStore(fakeHost({}));
    await store.getState().actions.boot();
    expect(store.getState().boot.phase).toBe('failed');
    expect(store.getState().boot.error?.message).toContain('app.info');
  });

  it('startChat creates a session in the first workspace, opens it and prompts with the chosen model', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    store.getState().actions.chooseModel('openrouter/m1');
    const id = await store.getState().actions.startChat('Hello');
    expect(id).toBe('ses_new1');
    expect(store.getState().activeSessionId).toBe(id);
    expect(store.getState().transcripts[id]?.status).toBe('ready');
    expect(store.getState().sessions.statuses[id]).toEqual({ type: 'busy' });
    expect(host.calls.find((c) => c.method === 'sessions.create')?.params).toEqual({ workspaceId: WS });
    expect(host.calls.find((c) => c.method === 'sessions.prompt')?.params).toEqual({ sessionId: id, text: 'Hello', model: 'openrouter/m1' });
  });

  it('streams an answer into an open transcript through events', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const id = await store.getState().actions.startChat('Hi');
    const { ingest } = store.getState().actions;
    ingest([
      { type: 'message.updated', payload: { workspaceId: WS, message: message('msg_u', id, 'user', 10) } },
      { type: 'part.updated', payload: { workspaceId: WS, part: { id: 'prt_u', sessionId: id, messageId: 'msg_u', kind: 'text', text: 'Hi' } } },
      { type: 'message.updated', payload: { workspaceId: WS, message: message('msg_a', id, 'assistant', 11) } },
      delta(id, 'msg_a', 'prt_a', 'Hel'),
      delta(id, 'msg_a', 'prt_a', 'lo'),
    ]);
    ingest([delta(id, 'msg_a', 'prt_a', ' there')]);
    const entries = store.getState().transcripts[id]?.entries ?? [];
    expect(entries.map((e) => e.info.id)).toEqual(['msg_u', 'msg_a']);
    expect(entries[1]?.parts).toEqual([{ id: 'prt_a', sessionId: id, messageId: 'msg_a', kind: 'text', text: 'Hello there' }]);

    ingest([
      {
        type: 'tool.state',
        payload: { workspaceId: WS, sessionId: id, messageId: 'msg_a', partId: 'prt_t', callId: 'c1', tool: 'bash', state: { status: 'running', input: { command: 'ls' } } },
      },
      { type: 'session.status', payload: { workspaceId: WS, sessionId: id, status: { type: 'idle' } } },
    ]);
    const parts = store.getState().transcripts[id]?.entries[1]?.parts ?? [];
    expect(parts.map((p) => p.kind)).toEqual(['text', 'tool']);
    expect(store.getState().sessions.statuses[id]).toBeUndefined();
  });

  it('ignores message events of sessions it does not hold', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const before = store.getState().transcripts;
    store.getState().actions.ingest([delta('ses_other', 'm', 'p', 'x')]);
    expect(store.getState().transcripts).toBe(before);
  });

  it('keeps pending permissions and questions in step with asked/replied events', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    const request = { id: 'per_1', sessionId: 'ses_a', workspaceId: WS, permission: 'bash', patterns: ['rm -rf x'], always: ['rm *'], metadata: {} };
    const { ingest } = store.getState().actions;
    ingest([{ type: 'permission.asked', payload: { workspaceId: WS, request } }]);
    expect(store.getState().permissions).toEqual([request]);
    ingest([{ type: 'permission.replied', payload: { workspaceId: WS, sessionId: 'ses_a', requestId: 'per_1', reply: 'once' } }]);
    expect(store.getState().permissions).toEqual([]);

    ingest([{ type: 'permission.asked', payload: { workspaceId: WS, request } }]);
    await store.getState().actions.replyPermission('per_1', 'reject');
    expect(host.calls.at(-1)).toEqual({ method: 'permissions.reply', params: { requestId: 'per_1', reply: 'reject' } });
    expect(store.getState().permissions).toEqual([]);

    const question: QuestionRequest = { id: 'que_1', sessionId: 'ses_a', workspaceId: WS, questions: [{ question: 'Which?', header: 'Pick', options: [] }] };
    ingest([{ type: 'question.asked', payload: { workspaceId: WS, request: question } }]);
    expect(store.getState().questions).toHaveLength(1);
    ingest([{ type: 'question.rejected', payload: { workspaceId: WS, sessionId: 'ses_a', requestId: 'que_1' } }]);
    expect(store.getState().questions).toHaveLength(0);
  });

  it('lists top-level sessions only and forgets deleted ones', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const { ingest } = store.getState().actions;
    ingest([
      { type: 'session.created', payload: { workspaceId: WS, session: session('ses_child', 3, { parentId: 'ses_a' }) } },
      { type: 'session.updated', payload: { workspaceId: WS, session: session('ses_a', 50, { title: 'Renamed' }) } },
    ]);
    expect(store.getState().sessions.byId['ses_child']).toBeUndefined();
    expect(store.getState().sessions.byId['ses_a']?.title).toBe('Renamed');

    await store.getState().actions.openSession('ses_a');
    expect(store.getState().activeSessionId).toBe('ses_a');
    ingest([{ type: 'session.deleted', payload: { workspaceId: WS, session: session('ses_a') } }]);
    expect(store.getState().sessions.byId['ses_a']).toBeUndefined();
    expect(store.getState().transcripts['ses_a']).toBeUndefined();
    expect(store.getState().activeSessionId).toBeUndefined();
  });

  it('turns a batch touching several slices into one state change; a deleted chat takes its requests along', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    await store.getState().actions.openSession('ses_a');
    const request = { id: 'per_1', sessionId: 'ses_a', workspaceId: WS, permission: 'bash', patterns: ['ls'], always: ['ls *'], metadata: {} };
    const other = { ...request, id: 'per_2', sessionId: 'ses_b' };
    const question: QuestionRequest = { id: 'que_1', sessionId: 'ses_a', workspaceId: WS, questions: [{ question: 'Which?', header: 'Pick', options: [] }] };
    const auth: AuthStatus = { mode: 'google-oauth', signedIn: false, scopes: ['openid'], pending: false };
    let changes = 0;
    const unsubscribe = store.subscribe(() => (changes += 1));
    store.getState().actions.ingest([
      { type: 'runtime.status', payload: { state: 'starting' } },
      { type: 'permission.asked', payload: { workspaceId: WS, request } },
      { type: 'permission.asked', payload: { workspaceId: WS, request: other } },
      { type: 'question.asked', payload: { workspaceId: WS, request: question } },
      { type: 'auth.changed', payload: auth },
      delta('ses_a', 'msg_a', 'prt_a', 'partial'),
      { type: 'session.deleted', payload: { workspaceId: WS, session: session('ses_a') } },
      { type: 'runtime.status', payload: { state: 'starting' } },
    ]);
    unsubscribe();
    expect(changes).toBe(1);
    const s = store.getState();
    expect(s.runtime).toEqual({ state: 'starting' });
    expect(s.auth).toEqual(auth);
    expect(s.permissions).toEqual([other]);
    expect(s.questions).toEqual([]);
    expect(s.transcripts['ses_a']).toBeUndefined();
    expect(s.sessions.byId['ses_a']).toBeUndefined();
    expect(s.activeSessionId).toBeUndefined();
    // Ready again (after "restarting" in the same batch): the runtime-backed lists are asked for again.
    store.getState().actions.ingest([
      { type: 'runtime.status', payload: { state: 'restarting' } },
      { type: 'runtime.status', payload: { state: 'ready' } },
    ]);
    await new Promise((r) => setTimeout(r, 0));
    expect(host.calls.filter((c) => c.method === 'providers.list')).toHaveLength(2);
  });

  it('a batch that changes no data leaves the state as it was (a chat that is not open was compacted)', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const before = store.getState();
    store.getState().actions.ingest([{ type: 'session.compacted', payload: { workspaceId: WS, sessionId: 'ses_unheld' } }]);
    expect(store.getState()).toBe(before);
  });

  it('records prompt failures per session but not a requested abort', async () => {
    const store = createAppStore(hostWith());
    const { ingest } = store.getState().actions;
    ingest([{ type: 'session.error', payload: { workspaceId: WS, sessionId: 's1', error: { name: 'APIError', message: 'quota' } } }]);
    ingest([{ type: 'session.error', payload: { workspaceId: WS, sessionId: 's2', error: { name: 'MessageAbortedError', message: 'aborted' } } }]);
    expect(store.getState().sessions.errors).toEqual({ s1: { name: 'APIError', message: 'quota' } });
    ingest([{ type: 'session.status', payload: { workspaceId: WS, sessionId: 's1', status: { type: 'busy' } } }]);
    expect(store.getState().sessions.errors).toEqual({});
  });

  it('loads history on open and keeps what events delivered meanwhile', async () => {
    const history: SessionsMessagesResult = {
      messages: [
        { info: message('m1', 'ses_a', 'user', 1), parts: [{ id: 'p1', sessionId: 'ses_a', messageId: 'm1', kind: 'text', text: 'Q' }] },
        { info: message('m2', 'ses_a', 'assistant', 2), parts: [{ id: 'p2', sessionId: 'ses_a', messageId: 'm2', kind: 'text', text: 'Ans' }] },
      ],
    };
    const store = createAppStore(hostWith(history));
    await store.getState().actions.boot();
    const opening = store.getState().actions.openSession('ses_a');
    expect(store.getState().transcripts['ses_a']?.status).toBe('loading');
    // Streamed while the history request was in flight: longer than the snapshot.
    store.getState().actions.ingest([delta('ses_a', 'm2', 'p2', 'Answer so far'), delta('ses_a', 'm3', 'p3', 'new')]);
    await opening;
    const t = store.getState().transcripts['ses_a'];
    expect(t?.status).toBe('ready');
    expect(t?.entries.map((e) => e.info.id)).toEqual(['m1', 'm2', 'm3']);
    expect(t?.entries[1]?.parts[0]).toMatchObject({ text: 'Answer so far' });
  });

  it('reloads everything on resync', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    const before = host.calls.length;
    store.getState().actions.ingest([{ type: 'resync', payload: { reason: 'gap' } }]);
    await new Promise((r) => setTimeout(r, 0));
    const reloaded = host.calls.slice(before).map((c) => c.method);
    expect(reloaded).toEqual(expect.arrayContaining(['app.info', 'workspaces.list', 'sessions.list', 'permissions.list', 'settings.get', 'providers.list']));
  });

  it('probeModel removes the scratch session, then answers with the reply text', async () => {
    const host = hostWith();
    const store = createAppStore(host);
    await store.getState().actions.boot();
    const probing = store.getState().actions.probeModel('openrouter/m', 'Say hi', 5_000);
    await new Promise((r) => setTimeout(r, 0));
    const id = 'ses_new1';
    store.getState().actions.ingest([
      { type: 'message.updated', payload: { workspaceId: WS, message: message('a1', id, 'assistant', 5) } },
      delta(id, 'a1', 'p', 'Hi!'),
      { type: 'message.updated', payload: { workspaceId: WS, message: message('a1', id, 'assistant', 5, { completedAt: 6 }) } },
    ]);
    await expect(probing).resolves.toBe('Hi!');
    // Gone before the answer is handed over: nothing the caller does next (a settings change
    // restarts the runtime) can race the deletion.
    expect(host.calls.filter((c) => c.method === 'sessions.delete')).toEqual([{ method: 'sessions.delete', params: { sessionId: id } }]);
    expect(store.getState().sessions.byId[id]).toBeUndefined();
  });
});

describe('probeModel failures', () => {
  it('fails as soon as the model call needs a retry', async () => {
    const store = createAppStore(hostWith());
    await store.getState().actions.boot();
    const probing = store.getState().actions.probeModel('openrouter/m', 'Say hi', 5_000);
    await new Promise((r) => setTimeout(r, 0));
    store.getState().actions.ingest([
      { type: 'session.status', payload: { workspaceId: WS, sessionId: 'ses_new1', status: { type: 'retry', attempt: 1, message: 'Connection refused', next: 0 } } },
    ]);
    await expect(probing).rejects.toMatchObject({ message: 'Connection refused' });
  });
});

describe('waitForRuntime', () => {
  it('after a change that restarts the runtime, waits for the new instance, not the old one still reporting ready', async () => {
    const old = { state: 'ready', pid: 100, since: 1_000 } as const;
    const store = createAppStore(fakeHost({ 'runtime.status': () => old }));
    let done = false;
    const waiting = store.getState().actions.waitForRuntime(5_000, old).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false); // the old instance, inside the host's restart debounce
    store.getState().actions.ingest([{ type: 'runtime.status', payload: { state: 'restarting', reason: 'credentials changed', attempt: 1, delayMs: 0 } }]);
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    store.getState().actions.ingest([{ type: 'runtime.status', payload: { state: 'ready', pid: 101, since: 2_000 } }]);
    await waiting;
    expect(done).toBe(true);
  });

  it('without a previous status, any ready runtime will do', async () => {
    const store = createAppStore(hostWith());
    await expect(store.getState().actions.waitForRuntime(1_000)).resolves.toBeUndefined();
  });
});
