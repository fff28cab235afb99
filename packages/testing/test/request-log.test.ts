// The request log, waitForRequest, reset() and close().

import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.js';
import { chatBody, drain, postChat, readUntil, streamChat, tools, user } from './helpers.js';

let model: ScriptedModel;

afterEach(async () => {
  await model.close();
});

describe('request log', () => {
  it('records the parsed body, the rule, the title flag, headers and time of each chat request', async () => {
    model = await startScriptedModel({ rules: [{ name: 'hi', match: { lastUser: 'hi' }, reply: { text: 'hello' } }] });
    const before = Date.now();
    await streamChat(model, chatBody([{ role: 'system', content: 'be brief' }, user('hi')], { tools: tools('bash', 'read') }));
    await postChat(model, { model: 'other-model', messages: [user('bye')] }).then((response) => response.json());
    await fetch(`${model.url}/models`);

    const [first, second, ...rest] = model.requests;
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      seq: 1,
      model: 'scripted-1',
      stream: true,
      toolNames: ['bash', 'read'],
      lastUserText: 'hi',
      rule: 'hi',
      isTitleRequest: false,
      step: 0,
    });
    expect(first!.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(first!.body.stream_options).toEqual({ include_usage: true });
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ seq: 2, model: 'other-model', stream: false, toolNames: [], rule: 'default' });
  });

  it('returns a snapshot, not a live array', async () => {
    model = await startScriptedModel();
    const snapshot = model.requests;
    await streamChat(model, chatBody([user('x')]));
    expect(snapshot).toEqual([]);
    expect(model.requests).toHaveLength(1);
  });

  it('waitForRequest resolves for a request that arrives later, or one already logged', async () => {
    model = await startScriptedModel();
    const waiting = model.waitForRequest((request) => request.lastUserText === 'second');
    await streamChat(model, chatBody([user('first')]));
    await streamChat(model, chatBody([user('second')]));
    expect((await waiting).seq).toBe(2);
    expect((await model.waitForRequest((request) => request.lastUserText === 'first')).seq).toBe(1);
    expect((await model.waitForRequest()).seq).toBe(1);
  });

  it('waitForRequest rejects when nothing matches in time, and when the server closes', async () => {
    model = await startScriptedModel();
    await expect(model.waitForRequest(() => false, 1)).rejects.toThrow(/no matching request within 1 ms/);
    const pending = model.waitForRequest(() => false, 60_000);
    await model.close();
    await expect(pending).rejects.toThrow('waitForRequest: the scripted model was closed');
  });

  it('reset() clears the log but keeps the rules and numbering', async () => {
    model = await startScriptedModel({ rules: [{ name: 'r', reply: { text: 'r' } }] });
    await streamChat(model, chatBody([user('x')]));
    model.reset();
    expect(model.requests).toEqual([]);
    await streamChat(model, chatBody([user('y')]));
    expect(model.requests.map((request) => [request.seq, request.rule])).toEqual([[2, 'r']]);
  });
});

describe('close()', () => {
  it('is idempotent and stops the server', async () => {
    model = await startScriptedModel();
    const url = model.url;
    expect(url).toBe(`http://127.0.0.1:${model.port}/v1`);
    const first = model.close();
    expect(model.close()).toBe(first);
    await first;
    await expect(fetch(`${url}/models`)).rejects.toThrow();
  });

  it('ends a slowly paced stream instead of waiting for its next chunk', async () => {
    model = await startScriptedModel({ paceMs: 60_000, rules: [{ reply: { text: 'one two three' } }] });
    const response = await postChat(model, chatBody([user('x')]));
    const reader = response.body!.getReader();
    expect(await readUntil(reader, '\n\n')).toContain('"content":"one "');
    reader.releaseLock();
    const rest = drain(response);
    await model.close();
    const { text, error } = await rest;
    expect(text).not.toContain('two');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('waitForRequest predicates', () => {
  it('a throwing predicate rejects its wait but the request is still answered', async () => {
    model = await startScriptedModel();
    const waiting = expect(
      model.waitForRequest(() => {
        throw new Error('bad predicate');
      }),
    ).rejects.toThrow('bad predicate');
    expect((await streamChat(model, chatBody([user('x')]))).done).toBe(true);
    await waiting;
  });
});
