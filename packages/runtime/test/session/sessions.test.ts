// RuntimeSessions against the real OpenCode binary started by the production supervisor, with
// the normalized events of its one event stream, driven by the scripted model. One runtime for
// the whole file; every test works in its own session.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factsMcpServerConfig, scriptedOpencodeConfig, type ScriptRule } from '@open-cowork/testing';
import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../src/events/index.js';
import { RuntimeRequestErrorCode, RuntimeSessions, type PromptOutcome } from '../../src/session/index.js';
import { eventOf as of, startFollowing, type EventLog } from '../support/events.js';
import { startHarness, type Harness } from '../support/harness.js';

const ECHO = { name: 'bash', arguments: { command: 'echo open-cowork', description: 'Print a word' } };
const QUESTION = { questions: [{ question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'Warm' }, { label: 'Blue', description: 'Cool' }] }] };

const RULES: ScriptRule[] = [
  { match: { when: (c) => c.toolNames.length === 0 }, reply: { text: 'Summary of the conversation so far.' } },
  { match: { lastUser: 'Say hello' }, reply: { text: 'Hello from the scripted model.' } },
  { match: { lastUser: 'Run echo', hasToolResults: false }, reply: { toolCalls: [ECHO] } },
  { match: { lastUser: 'Run echo', hasToolResults: true }, reply: { text: 'Done with the command.' } },
  { match: { lastUser: 'Ask me', hasToolResults: false }, reply: { toolCalls: [{ name: 'question', arguments: QUESTION }] } },
  { match: { lastUser: 'Ask me', hasToolResults: true }, reply: { text: 'Thanks for answering.' } },
];

let harness: Harness;
let sessions: RuntimeSessions;
let log: EventLog;
/** The workspace every test works in (a second one is made where needed). */
let directory: string;

beforeAll(async () => {
  harness = await startHarness({
    rules: RULES,
    launchConfig: (model) => {
      const scripted = scriptedOpencodeConfig(model);
      return {
        config: {
          ...scripted,
          small_model: scripted.model,
          autoupdate: false,
          share: 'disabled',
          permission: { bash: 'ask' },
          mcp: {
            facts: factsMcpServerConfig(),
            broken: { type: 'local', command: [join(tmpdir(), 'open-cowork-no-such-mcp')], enabled: true },
          },
        },
      };
    },
  });
  directory = harness.workspace;
  log = await startFollowing(harness.supervisor);
  // A getter, as the app does: the supervisor's client changes on every restart.
  sessions = new RuntimeSessions(() => harness.supervisor.connection().client);
}, 60_000);

afterAll(async () => {
  log?.dispose();
  await harness?.dispose();
});

const events = (): EventLog['events'] => log.events;

describe('session lifecycle', () => {
  it('creates, reads, renames, lists and deletes sessions of one workspace', async () => {
    const created = await sessions.create({ directory, title: 'Lifecycle' });
    expect(created).toMatchObject({ id: expect.stringMatching(/^ses_/), title: 'Lifecycle', directory });
    await expect(sessions.get({ directory, sessionId: created.id })).resolves.toEqual(created);

    const renamed = await sessions.rename({ directory, sessionId: created.id, title: 'Renamed' });
    expect(renamed.title).toBe('Renamed');
    await log.next((event): event is RuntimeEvent => event.type === 'session.updated' && event.session.id === created.id && event.session.title === 'Renamed');

    // A second workspace's sessions stay out of this one's list.
    const elsewhere = mkdtempSync(join(tmpdir(), 'oc-other-ws-'));
    try {
      const other = await sessions.create({ directory: elsewhere, title: 'Elsewhere' });
      const listed = await sessions.list({ directory });
      expect(listed.map((session) => session.id)).toContain(created.id);
      expect(listed.map((session) => session.id)).not.toContain(other.id);
      expect((await sessions.list({ directory: elsewhere })).map((session) => session.id)).toEqual([other.id]);
      await sessions.delete({ directory: elsewhere, sessionId: other.id });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true, maxRetries: 3 });
    }

    await sessions.delete({ directory, sessionId: created.id });
    await log.next(of('session.deleted', created.id));
    await expect(sessions.get({ directory, sessionId: created.id })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.NotFound, status: 404 });
    expect((await sessions.list({ directory })).map((session) => session.id)).not.toContain(created.id);
  });
});

describe('prompts', () => {
  it('streams the answer and keeps it in the history', async () => {
    const session = await sessions.create({ directory });
    const outcome = await sessions.promptAndWait({ directory, sessionId: session.id, text: 'Say hello' }, { events: events(), timeoutMs: 20_000 });
    expect(outcome).toEqual<PromptOutcome>({ status: 'completed', sessionId: session.id });
    expect(log.textOf(session.id)).toBe('Hello from the scripted model.');
    // Untitled sessions get a title from the model (the scripted model's title rule).
    await log.next((event): event is RuntimeEvent => event.type === 'session.updated' && event.session.id === session.id && event.session.title === 'Say hello');

    const history = await sessions.messages({ directory, sessionId: session.id });
    expect(history.map((entry) => entry.info.role)).toEqual(['user', 'assistant']);
    const [user, assistant] = history;
    expect(user?.parts).toEqual([expect.objectContaining({ kind: 'text', text: 'Say hello', messageId: user?.info.id })]);
    expect(assistant?.info).toMatchObject({ model: 'scripted/scripted-1', finish: 'stop', parentId: user?.info.id, tokens: expect.any(Object) });
    expect(assistant?.parts.map((part) => part.kind)).toEqual(['step-start', 'text', 'step-finish']);
    expect(assistant?.parts.find((part) => part.kind === 'text')).toMatchObject({ text: 'Hello from the scripted model.' });
    await expect(sessions.statuses({ directory })).resolves.not.toHaveProperty(session.id, { type: 'busy' });
  });

  it('passes the model, the agent and file attachments', async () => {
    const marker = `attachment-${Date.now()}`;
    writeFileSync(join(directory, 'notes.txt'), `The secret word is ${marker}.\n`);
    const session = await sessions.create({ directory, title: 'Attachments' });
    const outcome = await sessions.promptAndWait(
      { directory, sessionId: session.id, text: 'Say hello about the notes', model: 'scripted/scripted-1', agent: 'plan', files: [{ path: 'notes.txt' }] },
      { events: events(), timeoutMs: 20_000 },
    );
    expect(outcome.status).toBe('completed');
    const request = harness.model.requests.findLast((logged) => logged.lastUserText.includes('Say hello about the notes'));
    expect(JSON.stringify(request?.messages)).toContain(marker);
    const [user] = await sessions.messages({ directory, sessionId: session.id });
    expect(user?.info).toMatchObject({ agent: 'plan', model: 'scripted/scripted-1' });
    expect(user?.parts.some((part) => part.kind === 'file' && part.filename === 'notes.txt')).toBe(true);
  });

  it('an unknown model fails the prompt with OpenCode’s message', async () => {
    const session = await sessions.create({ directory, title: 'Unknown model' });
    const outcome = await sessions.promptAndWait({ directory, sessionId: session.id, text: 'Say hello', model: 'nope/missing' }, { events: events(), timeoutMs: 20_000 });
    expect(outcome).toMatchObject({ status: 'failed', error: { name: 'UnknownError', message: expect.stringContaining('Model not found: nope/missing') } });
  });

  it('summarizes (compacts) a session with a given model', async () => {
    const session = await sessions.create({ directory, title: 'Summarize' });
    await sessions.promptAndWait({ directory, sessionId: session.id, text: 'Say hello' }, { events: events(), timeoutMs: 20_000 });
    await sessions.summarize({ directory, sessionId: session.id, model: 'scripted/scripted-1' });
    await log.next(of('session.compacted', session.id));
    const history = await sessions.messages({ directory, sessionId: session.id });
    expect(history.some((entry) => entry.parts.some((part) => part.kind === 'compaction'))).toBe(true);
    expect(history.find((entry) => entry.info.summary)?.parts.find((part) => part.kind === 'text')).toMatchObject({ text: 'Summary of the conversation so far.' });
  });
});

describe('permissions and questions', () => {
  it('asks before running bash; "once" lets the tool run', async () => {
    const session = await sessions.create({ directory, title: 'Permission once' });
    const outcome = sessions.promptAndWait({ directory, sessionId: session.id, text: 'Run echo please' }, { events: events(), timeoutMs: 20_000 });
    const asked = await log.next(of('permission.asked', session.id));
    expect(asked.request).toMatchObject({ permission: 'bash', patterns: ['echo open-cowork'] });
    expect((await sessions.permissions({ directory })).map((request) => request.id)).toContain(asked.request.id);

    await sessions.replyPermission({ directory, requestId: asked.request.id, reply: 'once' });
    await expect(outcome).resolves.toMatchObject({ status: 'completed' });
    const tool = log.ofSession(session.id).flatMap((event) => (event.type === 'tool.state' ? [event.state] : []));
    expect(tool.map((state) => state.status)).toEqual(['pending', 'running', 'completed']);
    expect(tool.at(-1)?.output).toBe('open-cowork\n');
    expect(log.textOf(session.id)).toBe('Done with the command.');
    expect(await sessions.permissions({ directory })).toEqual([]);
  });

  it('"reject" with a message fails the tool call and tells the agent why', async () => {
    const session = await sessions.create({ directory, title: 'Permission reject' });
    const outcome = sessions.promptAndWait({ directory, sessionId: session.id, text: 'Run echo now' }, { events: events(), timeoutMs: 20_000 });
    const asked = await log.next(of('permission.asked', session.id));
    await sessions.replyPermission({ directory, requestId: asked.request.id, reply: 'reject', message: 'Not in this folder' });
    await expect(outcome).resolves.toMatchObject({ status: 'completed' });
    const failed = log.ofSession(session.id).find((event) => event.type === 'tool.state' && event.state.status === 'error');
    expect(failed).toMatchObject({ state: { error: expect.stringContaining('Not in this folder') } });
    expect(log.ofSession(session.id).find((event) => event.type === 'permission.replied')).toMatchObject({ reply: 'reject' });
    // The refusal reaches the model as the tool's result, and the agent carries on to an answer.
    const followUp = harness.model.requests.findLast((logged) => logged.lastUserText === 'Run echo now' && logged.toolResults.length > 0);
    expect(followUp?.toolResults.map((result) => result.content).join('\n')).toContain('Not in this folder');
    expect(log.textOf(session.id)).toBe('Done with the command.');
  });

  it('answers and dismisses questions', async () => {
    const session = await sessions.create({ directory, title: 'Questions' });
    const answered = sessions.promptAndWait({ directory, sessionId: session.id, text: 'Ask me a question' }, { events: events(), timeoutMs: 20_000 });
    const asked = await log.next(of('question.asked', session.id));
    expect(asked.request.questions[0]).toMatchObject({ header: 'Colour', options: [{ label: 'Red' }, { label: 'Blue' }] });
    expect((await sessions.questions({ directory })).map((request) => request.id)).toEqual([asked.request.id]);
    await sessions.replyQuestion({ directory, requestId: asked.request.id, answers: [['Blue']] });
    await expect(answered).resolves.toMatchObject({ status: 'completed' });
    expect(log.ofSession(session.id).find((event) => event.type === 'question.replied')).toMatchObject({ answers: [['Blue']] });

    const dismissed = sessions.promptAndWait({ directory, sessionId: session.id, text: 'Ask me again' }, { events: events(), timeoutMs: 20_000 });
    const again = await log.next((event): event is Extract<RuntimeEvent, { type: 'question.asked' }> => of('question.asked', session.id)(event) && event.request.id !== asked.request.id);
    await sessions.rejectQuestion({ directory, requestId: again.request.id });
    await expect(dismissed).resolves.toMatchObject({ status: 'completed' });
    expect(log.ofSession(session.id).find((event) => event.type === 'question.rejected')).toMatchObject({ requestId: again.request.id });
  });
});

describe('catalog', () => {
  it('lists the configured providers with their models and limits', async () => {
    const catalog = await sessions.providers({ directory });
    const scripted = catalog.providers.find((provider) => provider.id === 'scripted');
    expect(scripted).toMatchObject({ name: 'Scripted', source: 'config' });
    expect(scripted?.models).toEqual([
      expect.objectContaining({ id: 'scripted-1', providerId: 'scripted', name: 'scripted-1', limit: expect.objectContaining({ context: expect.any(Number), output: expect.any(Number) }) }),
    ]);
    expect(catalog.defaults['scripted']).toBe('scripted-1');
  });

  it('reports each MCP server, failed ones with their reason', async () => {
    const statuses = await sessions.mcpStatus({ directory });
    expect(statuses.map((status) => [status.name, status.status])).toEqual([
      ['broken', 'failed'],
      ['facts', 'connected'],
    ]);
    expect(statuses[0]?.error).toEqual(expect.any(String));
  });
});

describe('errors', () => {
  it('unknown ids are RUNTIME_NOT_FOUND with OpenCode’s message', async () => {
    const error = await sessions.get({ directory, sessionId: 'ses_doesnotexist' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: RuntimeRequestErrorCode.NotFound,
      data: { operation: 'session.get', status: 404, opencodeMessage: expect.stringContaining('ses_doesnotexist') },
    });
    await expect(sessions.replyPermission({ directory, requestId: 'per_doesnotexist', reply: 'once' })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.NotFound });
    await expect(sessions.prompt({ directory, sessionId: 'ses_doesnotexist', text: 'Hi' })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.NotFound });
  });

  it('malformed input is RUNTIME_BAD_REQUEST before anything is sent', async () => {
    await expect(sessions.prompt({ directory, sessionId: 'ses_x', text: 'Hi', model: 'no-slash' })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.BadRequest });
    await expect(sessions.summarize({ directory, sessionId: 'ses_x', model: '' })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.BadRequest });
  });

  it('wrong credentials are RUNTIME_UNAUTHORIZED; no runtime is RUNTIME_UNREACHABLE', async () => {
    const wrong = new RuntimeSessions(createOpencodeClient({ baseUrl: harness.supervisor.connection().url, headers: { authorization: `Basic ${Buffer.from('opencode:wrong').toString('base64')}` } }));
    await expect(wrong.list({ directory })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Unauthorized, status: 401 });
    const gone = new RuntimeSessions(createOpencodeClient({ baseUrl: 'http://127.0.0.1:9' }));
    await expect(gone.list({ directory })).rejects.toMatchObject({ code: RuntimeRequestErrorCode.Unreachable });
    const notReady = new RuntimeSessions(() => {
      throw new Error('The runtime is not ready (starting).');
    });
    await expect(notReady.list({ directory })).rejects.toMatchObject({
      code: RuntimeRequestErrorCode.Unreachable,
      message: 'session.list: cannot reach the runtime: The runtime is not ready (starting).',
    });
    // The file's `sessions` reads a getter on every call; a fixed client works as well.
    await expect(new RuntimeSessions(harness.supervisor.connection().client).list({ directory })).resolves.toEqual(expect.any(Array));
  });
});
