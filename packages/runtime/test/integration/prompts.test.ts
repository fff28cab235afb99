// Prompts end to end: the production supervisor runs the real OpenCode binary against the
// scripted model; the session layer sends prompts and reads history; outcomes and assertions
// come from the normalized events of the supervisor's one event stream. One runtime for the
// file; every test works in its own session.

import { factsMcpServerConfig, scriptedOpencodeConfig, type Conversation, type ScriptRule } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_RETRIES_EXHAUSTED, RuntimeSessions, type PromptInput, type PromptOutcome } from '../../src/session/index.js';
import { eventOf, startFollowing, type EventLog } from '../support/events.js';
import { startHarness, until, type Harness } from '../support/harness.js';

const STORY = 'The quick brown fox jumps over the lazy dog while the scripted model streams every word of this sentence.';
const SLOW_STORY = Array.from({ length: 60 }, (_, index) => `word${index + 1}`).join(' ');
const WATER_FACT = 'FACT[water]: Water boils at 100 degrees Celsius at sea level.';

const toolOutputs = (conversation: Conversation): string => conversation.toolResults.map((result) => result.content).join('\n');

const RULES: ScriptRule[] = [
  { match: { lastUser: 'Tell me a story' }, reply: { text: STORY, paceMs: 5 } },
  { match: { lastUser: 'Tell me a long story' }, reply: { text: SLOW_STORY, paceMs: 150 } },
  { match: { lastUser: 'Say hello' }, reply: { text: 'Hello again.' } },
  { name: 'lookup', match: { lastUser: 'What about water?', hasToolResults: false }, reply: { toolCalls: [{ name: 'facts_lookup_fact', arguments: { topic: 'water' } }] } },
  { match: { lastUser: 'What about water?', hasToolResults: true }, reply: (conversation) => ({ text: `The facts server says: ${toolOutputs(conversation)}` }) },
  { match: { lastUser: 'Fail with 500' }, reply: { fault: { type: 'server-error', message: 'Upstream exploded (scripted 500)' } } },
  { match: { lastUser: 'Fail with 429' }, reply: { fault: { type: 'rate-limit', retryAfterSeconds: 1, message: 'Slow down (scripted 429)' } } },
  { match: { lastUser: 'Fail with a cut' }, reply: { fault: { type: 'cut', afterChunks: 2, text: 'Half of an answer that never ends' } } },
  { match: { lastUser: 'Fail with 400' }, reply: { fault: { type: 'bad-request', message: 'Unsupported parameter (scripted 400)' } } },
];

let harness: Harness;
let sessions: RuntimeSessions;
let log: EventLog;
let directory: string;

beforeAll(async () => {
  harness = await startHarness({
    rules: RULES,
    launchConfig: (model) => ({
      config: {
        ...scriptedOpencodeConfig(model),
        autoupdate: false,
        share: 'disabled',
        mcp: { facts: factsMcpServerConfig() },
        permission: { 'facts_*': 'allow' },
      },
    }),
  });
  directory = harness.workspace;
  log = await startFollowing(harness.supervisor);
  sessions = new RuntimeSessions(() => harness.supervisor.connection().client);
}, 60_000);

afterAll(async () => {
  log?.dispose();
  await harness?.dispose();
});

/** Hang guard only (below the test timeout, so a hang fails with a clear error); every prompt here settles long before it. */
const GUARD_MS = 15_000;

async function newSession(title: string): Promise<string> {
  return (await sessions.create({ directory, title })).id;
}

function ask(sessionId: string, text: string, options: { giveUpAfterRetries?: number } = {}): Promise<PromptOutcome> {
  const input: PromptInput = { directory, sessionId, text };
  return sessions.promptAndWait(input, { events: log.events, timeoutMs: GUARD_MS, ...options });
}

async function assistantTexts(sessionId: string): Promise<string[]> {
  const history = await sessions.messages({ directory, sessionId });
  return history
    .filter((entry) => entry.info.role === 'assistant')
    .map((entry) => entry.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join(''));
}

describe('a prompt', () => {
  it('streams text deltas that add up to the final text, ends idle, and the reply is in the history', async () => {
    const sessionId = await newSession('Streaming');
    await expect(ask(sessionId, 'Tell me a story')).resolves.toEqual({ status: 'completed', sessionId });
    const deltas = log.ofSession(sessionId).flatMap((event) => (event.type === 'text.delta' ? [event.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(STORY);
    const statuses = log.ofSession(sessionId).flatMap((event) => (event.type === 'session.status' ? [event.status.type] : []));
    expect(statuses.at(-1)).toBe('idle');
    expect(await sessions.statuses({ directory })).not.toHaveProperty(sessionId, { type: 'busy' });
    expect(await assistantTexts(sessionId)).toEqual([STORY]);
  });
});

describe('an MCP tool', () => {
  it('is called with the scripted arguments and its result reaches the model and the answer', async () => {
    await until(async () => (await sessions.mcpStatus({ directory })).some((mcp) => mcp.name === 'facts' && mcp.status === 'connected'), 'the facts MCP server');
    const sessionId = await newSession('MCP');
    await expect(ask(sessionId, 'What about water?')).resolves.toEqual({ status: 'completed', sessionId });

    const calls = log.ofSession(sessionId).flatMap((event) => (event.type === 'tool.state' ? [event] : []));
    expect(calls.at(-1)).toMatchObject({ tool: 'facts_lookup_fact', state: { status: 'completed', input: { topic: 'water' }, output: WATER_FACT } });
    const offered = harness.model.requests.find((request) => request.rule === 'lookup');
    expect(offered?.toolNames).toContain('facts_lookup_fact');
    const followUp = harness.model.requests.find((request) => request.lastUserText === 'What about water?' && request.toolResults.length > 0);
    expect(followUp?.toolResults).toEqual([expect.objectContaining({ name: 'facts_lookup_fact', content: WATER_FACT })]);
    expect(log.textOf(sessionId)).toBe(`The facts server says: ${WATER_FACT}`);
    expect((await assistantTexts(sessionId)).at(-1)).toBe(`The facts server says: ${WATER_FACT}`);
  });
});

describe('abort', () => {
  it('stops a slow stream, keeps the partial text, and the session takes the next prompt', async () => {
    const sessionId = await newSession('Abort');
    const outcome = ask(sessionId, 'Tell me a long story');
    await log.next(eventOf('text.delta', sessionId));
    await sessions.abort({ directory, sessionId });
    await expect(outcome).resolves.toMatchObject({ status: 'aborted', sessionId, error: { name: 'MessageAbortedError' } });

    const [partial] = await assistantTexts(sessionId);
    expect(partial).toMatch(/^word1\b/);
    expect(SLOW_STORY.startsWith(partial ?? '')).toBe(true);
    expect(partial).not.toBe(SLOW_STORY);

    await expect(ask(sessionId, 'Say hello')).resolves.toEqual({ status: 'completed', sessionId });
    expect((await assistantTexts(sessionId)).at(-1)).toBe('Hello again.');
  });
});

describe('model faults surface as failed prompts, never hangs', () => {
  const retried = [
    { fault: '500', prompt: 'Fail with 500', message: 'Upstream exploded (scripted 500)' },
    { fault: '429 with retry-after', prompt: 'Fail with 429', message: 'Slow down (scripted 429)' },
    // A body cut mid-stream has no provider message; OpenCode names the broken connection, in
    // words that vary with where the read broke off.
    { fault: 'cut stream', prompt: 'Fail with a cut', message: /Connection reset by server|The socket connection was closed unexpectedly/ },
  ];
  for (const { fault, prompt, message } of retried) {
    it(`${fault}: OpenCode retries; past one retry the prompt fails with the problem, and the session goes on`, async () => {
      const sessionId = await newSession(`Fault ${fault}`);
      const outcome = await ask(sessionId, prompt, { giveUpAfterRetries: 1 });
      const expected = typeof message === 'string' ? message : expect.stringMatching(message);
      expect(outcome).toEqual({ status: 'failed', sessionId, error: { name: MODEL_RETRIES_EXHAUSTED, message: expected } });
      const retries = log.ofSession(sessionId).flatMap((event) => (event.type === 'session.status' && event.status.type === 'retry' ? [event.status] : []));
      expect(retries.map((status) => [status.attempt, status.message])).toEqual([
        [1, expected],
        [2, expected],
      ]);
      expect(harness.model.requests.filter((request) => request.lastUserText === prompt).length).toBeGreaterThanOrEqual(2);

      await expect(ask(sessionId, 'Say hello')).resolves.toEqual({ status: 'completed', sessionId });
      expect((await assistantTexts(sessionId)).at(-1)).toBe('Hello again.');
    }, 40_000);
  }

  it('400 bad request: not retried, fails at once with the provider message, and the session goes on', async () => {
    const sessionId = await newSession('Fault 400');
    const outcome = await ask(sessionId, 'Fail with 400', { giveUpAfterRetries: 1 });
    expect(outcome).toEqual({
      status: 'failed',
      sessionId,
      error: { name: 'APIError', message: 'Unsupported parameter (scripted 400)', statusCode: 400, retryable: false },
    });
    expect(log.ofSession(sessionId).some((event) => event.type === 'session.status' && event.status.type === 'retry')).toBe(false);
    expect(harness.model.requests.filter((request) => request.lastUserText === 'Fail with 400')).toHaveLength(1);
    const [failed] = await sessions.messages({ directory, sessionId }).then((history) => history.filter((entry) => entry.info.role === 'assistant'));
    expect(failed?.info.error).toMatchObject({ name: 'APIError', statusCode: 400 });

    await expect(ask(sessionId, 'Say hello')).resolves.toEqual({ status: 'completed', sessionId });
    expect((await assistantTexts(sessionId)).at(-1)).toBe('Hello again.');
  });
});
