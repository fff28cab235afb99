// Choosing a reply: rule conditions, order, `times`, reply functions, the default, title requests.

import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, titleFor, type ScriptRule, type ScriptedModel } from '../src/index.js';
import { assemble, assistantCalls, chatBody, postChat, streamChat, system, toolResult, tools, user, type ErrorBody } from './helpers.js';

let model: ScriptedModel | undefined;

afterEach(async () => {
  await model?.close();
  model = undefined;
});

async function start(rules: ScriptRule[]): Promise<ScriptedModel> {
  model = await startScriptedModel({ rules });
  return model;
}

async function replyText(server: ScriptedModel, messages: Parameters<typeof chatBody>[0], extra: Record<string, unknown> = {}): Promise<string> {
  return assemble(await streamChat(server, chatBody(messages, extra))).text;
}

// What opencode 1.18.33 sends to name a new session (measured; system prompt shortened).
const OPENCODE_TITLE_PROMPT =
  'You are a title generator. You output ONLY a thread title. Nothing else.\n\n<task>\nGenerate a brief title that would help the user find this conversation later.\n</task>';
const titleRequest = (text: string) =>
  chatBody([system(OPENCODE_TITLE_PROMPT), user('Generate a title for this conversation:\n'), user(text)], { max_tokens: 32000 });

describe('rule conditions', () => {
  it('matches the last user message by substring or RegExp, first matching rule wins', async () => {
    const server = await start([
      { name: 'weather', match: { lastUser: 'weather' }, reply: { text: 'Sunny.' } },
      { name: 'greeting', match: { lastUser: /^(hi|hello)\b/i }, reply: { text: 'Hi!' } },
      { name: 'weather again', match: { lastUser: 'weather' }, reply: { text: 'Never chosen.' } },
    ]);
    expect(await replyText(server, [user('What is the weather?')])).toBe('Sunny.');
    expect(await replyText(server, [user('HELLO you')])).toBe('Hi!');
    // Only the last user message counts.
    expect(await replyText(server, [user('weather'), { role: 'assistant', content: 'Sunny.' }, user('hi')])).toBe('Hi!');
    expect(server.requests.map((request) => request.rule)).toEqual(['weather', 'greeting', 'greeting']);
  });

  it('matches on tool results after the last user message and on the step', async () => {
    const server = await start([
      { name: 'call', match: { lastUser: 'fact', hasToolResults: false }, reply: { toolCalls: [{ name: 'lookup_fact', arguments: { topic: 'x' } }] } },
      { name: 'second step', match: { step: 2 }, reply: { text: 'step two' } },
      { name: 'answer', match: { hasToolResults: true }, reply: { text: 'step one' } },
    ]);
    const first = [user('a fact please')];
    const afterOne = [...first, assistantCalls({ id: 'c1', name: 'lookup_fact', arguments: '{}' }), toolResult('c1', 'FACT[x]')];
    const afterTwo = [...afterOne, assistantCalls({ id: 'c2', name: 'lookup_fact', arguments: '{}' }), toolResult('c2', 'FACT[y]')];

    expect(assemble(await streamChat(server, chatBody(first))).finishReason).toBe('tool_calls');
    expect(await replyText(server, afterOne)).toBe('step one');
    expect(await replyText(server, afterTwo)).toBe('step two');
    expect(server.requests.map((request) => [request.step, request.toolResults.length])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('tool results of an earlier prompt do not count', async () => {
    const server = await start([{ name: 'after tools', match: { hasToolResults: true }, reply: { text: 'tools' } }]);
    const earlier = [user('one'), assistantCalls({ id: 'c1', name: 'bash', arguments: '{}' }), toolResult('c1', 'out'), { role: 'assistant', content: 'ok' }];
    expect(await replyText(server, [...earlier, user('two')])).toBe('Scripted reply to: two');
    expect(server.requests[0]!.step).toBe(0);
  });

  it('matches with a predicate over the whole conversation', async () => {
    const server = await start([
      { name: 'has bash', match: { when: (conversation) => conversation.toolNames.includes('bash') }, reply: { text: 'bash offered' } },
    ]);
    expect(await replyText(server, [user('x')], { tools: tools('read', 'bash') })).toBe('bash offered');
    expect(await replyText(server, [user('x')], { tools: tools('read') })).toBe('Scripted reply to: x');
  });

  it('applies a rule only `times` times, then falls through', async () => {
    const server = await start([
      { name: 'once', times: 1, reply: { text: 'first' } },
      { name: 'always', reply: { text: 'later' } },
    ]);
    expect(await replyText(server, [user('a')])).toBe('first');
    expect(await replyText(server, [user('a')])).toBe('later');
    expect(await replyText(server, [user('a')])).toBe('later');
    server.reset();
    expect(await replyText(server, [user('a')])).toBe('first');
  });

  it('answers with the default reply when no rule matches', async () => {
    const server = await start([{ match: { lastUser: 'never' }, reply: { text: 'no' } }]);
    expect(await replyText(server, [user('  Tell me\n something  ')])).toBe('Scripted reply to: Tell me something');
    const after = [user('go'), assistantCalls({ id: 'c1', name: 'bash', arguments: '{}' }), toolResult('c1', 'done')];
    expect(await replyText(server, after)).toBe('Scripted reply after 1 tool result(s).');
    expect(server.requests.map((request) => request.rule)).toEqual(['default', 'default']);
  });

  it('names unnamed rules by position and lets setRules/addRule change the script', async () => {
    const server = await start([{ match: { lastUser: 'a' }, reply: { text: 'A' } }]);
    server.addRule({ reply: { text: 'B' } });
    expect(await replyText(server, [user('a')])).toBe('A');
    expect(await replyText(server, [user('b')])).toBe('B');
    server.setRules([{ name: 'only', reply: { text: 'C' } }]);
    expect(await replyText(server, [user('a')])).toBe('C');
    expect(server.requests.map((request) => request.rule)).toEqual(['rule #1', 'rule #2', 'only']);
  });
});

describe('reply functions', () => {
  it('can read tool results, with the tool name taken from the call', async () => {
    const server = await start([
      {
        name: 'summarize',
        match: { hasToolResults: true },
        reply: (conversation) => ({
          text: conversation.toolResults.map((result) => `${result.name} said ${result.content}`).join('; '),
        }),
      },
    ]);
    const messages = [
      user('look up'),
      assistantCalls({ id: 'c1', name: 'facts_lookup_fact', arguments: '{"topic":"water"}' }, { id: 'c2', name: 'bash', arguments: '{}' }),
      toolResult('c1', 'FACT[water]: wet'),
      toolResult('c2', 'ok'),
    ];
    expect(await replyText(server, messages)).toBe('facts_lookup_fact said FACT[water]: wet; bash said ok');
  });

  it('may be async', async () => {
    const server = await start([{ reply: async (conversation) => ({ text: `async ${conversation.lastUserText}` }) }]);
    expect(await replyText(server, [user('x')])).toBe('async x');
  });

  it('turns a throwing reply function into a 500 that names the rule', async () => {
    const server = await start([
      {
        name: 'broken',
        reply: () => {
          throw new Error('boom');
        },
      },
    ]);
    const response = await postChat(server, chatBody([user('x')]));
    expect(response.status).toBe(500);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('scripted_reply_failed');
    expect(body.error.message).toBe('Script rule "broken" failed: boom');
  });
});

describe('title requests', () => {
  it('answers OpenCode title requests with a title from the user message, without touching the rules', async () => {
    const server = await start([{ name: 'catch-all', times: 1, reply: { text: 'scripted' } }]);
    const title = assemble(await streamChat(server, titleRequest('debug 500 errors in production please')));
    expect(title.text).toBe('Debug 500 errors in production please');
    expect(title.finishReason).toBe('stop');

    // The one-shot catch-all rule is still unused.
    expect(await replyText(server, [user('debug 500 errors in production please')], { tools: tools('bash') })).toBe('scripted');

    const [titleEntry, chatEntry] = server.requests;
    expect(titleEntry).toMatchObject({ rule: 'title', isTitleRequest: true, lastUserText: 'debug 500 errors in production please', toolNames: [] });
    expect(chatEntry).toMatchObject({ rule: 'catch-all', isTitleRequest: false });
  });

  it('detects the request by either marker, but never when tools are offered', async () => {
    const server = await start([]);
    await streamChat(server, chatBody([system('You are a title generator.'), user('hello')]));
    await streamChat(server, chatBody([user('Generate a title for this conversation:\n'), user('hello')]));
    await streamChat(server, chatBody([system('You are a title generator.'), user('hello')], { tools: tools('bash') }));
    await streamChat(server, chatBody([user('What makes a good title for a blog post?')]));
    expect(server.requests.map((request) => request.isTitleRequest)).toEqual([true, true, false, false]);
  });

  it('keeps titles to one line of at most 50 characters', () => {
    expect(titleFor('  fix the login page.\nmore details here')).toBe('Fix the login page');
    expect(titleFor('')).toBe('New conversation');
    const long = titleFor('please refactor the user service so that it uses dependency injection everywhere');
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toBe('Please refactor the user service so that it uses');
  });
});
