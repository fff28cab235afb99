// The wire format: OpenAI chat.completion(.chunk) objects over SSE or JSON, the models list, errors.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedModel, type ScriptedModel } from '../src/index.js';
import { assemble, chatBody, parseSse, postChat, streamChat, tools, user, type Completion, type ErrorBody } from './helpers.js';

let model: ScriptedModel;

beforeEach(async () => {
  model = await startScriptedModel({
    models: ['scripted-1', 'scripted-2'],
    rules: [
      { name: 'two tools', match: { lastUser: 'use tools' }, reply: { text: 'Checking. ', toolCalls: [
        { name: 'bash', arguments: { command: 'echo one', description: 'Echo one' } },
        { name: 'facts_lookup_fact', arguments: { topic: 'water' }, id: 'call_fixed' },
      ] } },
      { name: 'hello', reply: { text: 'Hello there, this is a scripted answer.' } },
    ],
  });
});

afterEach(async () => {
  await model.close();
});

describe('streamed text', () => {
  it('splits the text into chat.completion.chunk events, then finish_reason, usage and [DONE]', async () => {
    const response = await postChat(model, chatBody([user('hi')]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const result = parseSse(await response.text());

    expect(result.done).toBe(true);
    expect(result.raw.at(-1)).toBe('[DONE]');
    expect(result.chunks.length).toBeGreaterThan(3);
    for (const chunk of result.chunks) {
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.model).toBe('scripted-1');
      expect(chunk.id).toBe(result.chunks[0]!.id);
    }
    expect(result.chunks[0]!.choices[0]!.delta.role).toBe('assistant');

    const answer = assemble(result);
    expect(answer.text).toBe('Hello there, this is a scripted answer.');
    expect(answer.finishReason).toBe('stop');
    expect(answer.toolCalls).toEqual([]);

    // The finish chunk comes before the usage chunk, which has no choices.
    const finishIndex = result.chunks.findIndex((chunk) => chunk.choices[0]?.finish_reason === 'stop');
    const usage = result.chunks.at(-1)!;
    expect(finishIndex).toBe(result.chunks.length - 2);
    expect(usage.choices).toEqual([]);
    expect(usage.usage!.total_tokens).toBe(usage.usage!.prompt_tokens + usage.usage!.completion_tokens);
    expect(usage.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('sends no usage chunk unless stream_options.include_usage asks for it', async () => {
    const result = await streamChat(model, { model: 'scripted-2', messages: [user('hi')], stream: true });
    expect(result.done).toBe(true);
    expect(result.chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
    expect(result.chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect(result.chunks[0]!.model).toBe('scripted-2');
  });
});

describe('streamed tool calls', () => {
  it('streams several calls as delta.tool_calls with index, id, name and split arguments', async () => {
    const result = await streamChat(model, chatBody([user('please use tools')], { tools: tools('bash', 'facts_lookup_fact') }));
    const answer = assemble(result);

    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.text).toBe('Checking. ');
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['bash', 'facts_lookup_fact']);
    expect(JSON.parse(answer.toolCalls[0]!.arguments)).toEqual({ command: 'echo one', description: 'Echo one' });
    expect(JSON.parse(answer.toolCalls[1]!.arguments)).toEqual({ topic: 'water' });
    expect(answer.toolCalls[1]!.id).toBe('call_fixed');
    expect(answer.toolCalls[0]!.id).toMatch(/^call_\d+_0$/);

    // Each call opens with one delta carrying id, type and name; arguments follow in pieces.
    const deltas = result.chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    const heads = deltas.filter((delta) => delta.id !== undefined);
    expect(heads.map((delta) => [delta.index, delta.type, delta.function?.name])).toEqual([
      [0, 'function', 'bash'],
      [1, 'function', 'facts_lookup_fact'],
    ]);
    expect(deltas.filter((delta) => delta.index === 0 && delta.id === undefined).length).toBeGreaterThan(1);
  });
});

describe('non-stream JSON', () => {
  it('answers text as one chat.completion object', async () => {
    const response = await postChat(model, { model: 'scripted-1', messages: [user('hi')] });
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as Completion;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]!.message).toEqual({ role: 'assistant', content: 'Hello there, this is a scripted answer.' });
    expect(body.choices[0]!.finish_reason).toBe('stop');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('answers tool calls as message.tool_calls', async () => {
    const response = await postChat(model, { model: 'scripted-1', messages: [user('use tools')], stream: false });
    const body = (await response.json()) as Completion;
    const message = body.choices[0]!.message;
    expect(body.choices[0]!.finish_reason).toBe('tool_calls');
    expect(message.content).toBe('Checking. ');
    expect(message.tool_calls!.map((call) => [call.type, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['function', 'bash', { command: 'echo one', description: 'Echo one' }],
      ['function', 'facts_lookup_fact', { topic: 'water' }],
    ]);
  });
});

describe('routes and bad requests', () => {
  it('lists the configured models', async () => {
    const response = await fetch(`${model.url}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: { id: string; object: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((entry) => [entry.id, entry.object])).toEqual([
      ['scripted-1', 'model'],
      ['scripted-2', 'model'],
    ]);
  });

  it('answers unknown routes with 404 and an OpenAI-style error', async () => {
    const response = await fetch(`${model.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('not_found');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('/v1/embeddings');
  });

  it('answers the wrong method with 405 and an allow header', async () => {
    const response = await fetch(`${model.url}/chat/completions`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('rejects malformed JSON with 400 and says why, without logging it', async () => {
    const response = await postChat(model, '{"model": "scripted-1", "messages": [');
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/^Request body is not valid JSON/);
    expect(model.requests).toEqual([]);
  });

  it('rejects a body without messages with 400', async () => {
    const response = await postChat(model, { model: 'scripted-1' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.message).toBe('"messages" must be a non-empty array.');
  });
});
